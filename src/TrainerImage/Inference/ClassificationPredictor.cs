using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Inference;

/// <summary>
/// Runs a classifier over a <see cref="PredictionSet"/> in eval mode, in input order, and writes one JSON line per input:
/// the input, label (the argmax of the logits, as the trainer's evaluation takes it), score and every class's
/// probability, and the expected label when the input had one.
/// </summary>
public static class ClassificationPredictor
{
    public static ClassificationSummary Predict(PretrainedModel model, PredictionSet set, IReadOnlyList<string> classes, int batchSize, torch.Device device, TextWriter lines)
    {
        var wasTraining = model.training;
        model.eval();
        var index = 0;
        var labelled = 0;
        var correct = 0;
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in set.Source.InOrder(batchSize))
            {
                using var owned = batch;
                using var scope = torch.NewDisposeScope();
                var logits = model.forward((batch.Inputs with { Labels = null }).To(device)).Logits;
                var predicted = logits.argmax(-1).cpu().to(torch.ScalarType.Int64).data<long>().ToArray();
                var probabilities = logits.to(torch.ScalarType.Float64).softmax(-1).cpu();
                var values = probabilities.data<double>().ToArray();
                var width = (int)probabilities.shape[1];
                for (var row = 0; row < predicted.Length; row++, index++)
                {
                    var label = (int)predicted[row];
                    var line = new JsonObject
                    {
                        [set.InputField] = set.Inputs[index],
                        ["label"] = NameOf(label, classes),
                        ["score"] = values[(row * width) + label],
                        ["probabilities"] = Probabilities(values.AsSpan(row * width, width), classes),
                    };
                    if (set.Expected[index] is { } expected)
                    {
                        line["expected"] = NameOf(expected, classes);
                        labelled++;
                        correct += expected == label ? 1 : 0;
                    }

                    lines.WriteLine(line.ToJsonString());
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return new ClassificationSummary(index, labelled, correct);
    }

    private static JsonObject Probabilities(ReadOnlySpan<double> values, IReadOnlyList<string> classes)
    {
        var json = new JsonObject();
        for (var i = 0; i < values.Length; i++)
        {
            json[NameOf(i, classes)] = values[i];
        }

        return json;
    }

    private static string NameOf(int id, IReadOnlyList<string> classes) => id < classes.Count ? classes[id] : $"LABEL_{id}";
}
