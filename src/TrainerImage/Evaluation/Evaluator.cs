using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Evaluation;

/// <summary>Runs the model in eval mode over a split: classification gives accuracy/F1/confusion matrix, LM tasks perplexity.</summary>
public static class Evaluator
{
    public static EvaluationResult Evaluate(PretrainedModel model, IBatchSource source, int batchSize, int? classCount, torch.Device device, int step, Func<IDisposable>? autocast = null)
    {
        var wasTraining = model.training;
        model.eval();
        var labels = new List<long>();
        var predictions = new List<long>();
        double lossSum = 0;
        double weightSum = 0;
        long examples = 0;
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in source.InOrder(batchSize))
            {
                using var owned = batch;
                using var scope = torch.NewDisposeScope();
                var inputs = batch.Inputs.To(device);
                ModelOutput output;
                using (autocast?.Invoke())
                {
                    output = model.forward(inputs);
                }

                var loss = output.Loss ?? throw new InvalidInputException("evaluation batches must carry labels");
                var batchLabels = inputs.Labels!;
                // Classification averages over examples, LM tasks over the tokens that count in the loss (a kept Scalar: another thread's GC).
                double weight = classCount is null
                    ? batchLabels[.., 1..].ne(KeptScalars.IgnoreIndex).sum().item<long>()
                    : batch.Examples;
                if (weight > 0)
                {
                    lossSum += loss.to(torch.ScalarType.Float64).item<double>() * weight;
                    weightSum += weight;
                }

                examples += batch.Examples;
                if (classCount is not null)
                {
                    labels.AddRange(batchLabels.cpu().to(torch.ScalarType.Int64).data<long>().ToArray());
                    predictions.AddRange(output.Logits.argmax(-1).cpu().to(torch.ScalarType.Int64).data<long>().ToArray());
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        var meanLoss = weightSum > 0 ? lossSum / weightSum : double.NaN;
        return classCount is { } count
            ? new EvaluationResult(step, meanLoss, examples, ClassificationMetrics.Compute(labels, predictions, count), null)
            : new EvaluationResult(step, meanLoss, examples, null, Math.Exp(meanLoss));
    }
}
