using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tests.Training;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Evaluation;

public sealed class EvaluatorTests
{
    [Fact]
    public void Evaluate_InstructionLabels_LossAndPerplexityCoverCompletionTokensOnly()
    {
        using var model = TinyModels.Load("gpt2");
        var random = new Random(3);
        var examples = Enumerable.Range(0, 6).Select(_ =>
        {
            var ids = Enumerable.Range(0, 10).Select(_ => (long)random.Next(2, 300)).ToArray();
            // The first 6 tokens are the prompt: labelled -100, as the instruction data marks them.
            var labels = ids.Select((id, i) => i < 6 ? -100L : id).ToArray();
            return new TrainingExample(ids, Enumerable.Repeat(1L, 10).ToArray(), TokenLabels: labels);
        }).ToList();

        var result = Evaluator.Evaluate(model, new InMemoryBatchSource(examples), 4, null, torch.CPU, step: 0);

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var ids = torch.tensor(examples.SelectMany(e => e.InputIds).ToArray(), [6, 10]);
        var logits = model.forward(new ModelBatch(ids)).Logits;
        // Positions 5..8 predict tokens 6..9, the completion.
        var completion = torch.nn.functional.cross_entropy(logits[.., 5..9, ..].reshape(-1, logits.shape[^1]), ids[.., 6..10].reshape(-1));
        var everything = torch.nn.functional.cross_entropy(logits[.., ..9, ..].reshape(-1, logits.shape[^1]), ids[.., 1..].reshape(-1));
        Assert.Equal(completion.item<float>(), result.Loss, 4);
        Assert.NotEqual(everything.item<float>(), result.Loss, 3);
        Assert.Equal(Math.Exp(result.Loss), result.Perplexity!.Value, 9);
    }
}
