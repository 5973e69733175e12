using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Evaluation;

/// <summary>eval.json: the final (or best) evaluation with per-class precision/recall/F1 and the confusion matrix by label name.</summary>
public static class EvalReport
{
    public const string FileName = "eval.json";

    /// <summary>The truncation length the evaluation's text was tokenized with (predict reuses it).</summary>
    public const string MaxSequenceLengthField = "max_sequence_length";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(EvaluationResult? result, IReadOnlyList<string>? labelNames, int step, double? trainLoss, int? maxSequenceLength = null)
    {
        var json = new JsonObject { ["step"] = step, ["train_loss"] = Finite(trainLoss) };
        if (maxSequenceLength is { } length)
        {
            json[MaxSequenceLengthField] = length;
        }

        if (result is null)
        {
            return json;
        }

        json["eval_step"] = result.Step;
        json["eval_loss"] = Finite(result.Loss);
        json["eval_examples"] = result.Examples;
        if (result.Perplexity is { } perplexity)
        {
            json["perplexity"] = Finite(perplexity);
        }

        if (result.Classification is { } metrics)
        {
            var names = labelNames ?? Enumerable.Range(0, metrics.Support.Count).Select(i => $"LABEL_{i}").ToList();
            json["eval_accuracy"] = metrics.Accuracy;
            json["eval_f1"] = metrics.MacroF1;
            json["eval_f1_micro"] = metrics.MicroF1;
            json["eval_f1_weighted"] = metrics.WeightedF1;
            json["eval_precision"] = metrics.MacroPrecision;
            json["eval_recall"] = metrics.MacroRecall;
            json["labels"] = new JsonArray(names.Select(name => (JsonNode?)name).ToArray());
            var perClass = new JsonObject();
            for (var i = 0; i < names.Count; i++)
            {
                perClass[names[i]] = new JsonObject
                {
                    ["precision"] = metrics.Precision[i],
                    ["recall"] = metrics.Recall[i],
                    ["f1"] = metrics.F1[i],
                    ["support"] = metrics.Support[i],
                };
            }

            json["per_class"] = perClass;
            json["confusion_matrix"] = new JsonArray(metrics.ConfusionMatrix.Select(row => (JsonNode?)new JsonArray(row.Select(count => (JsonNode?)count).ToArray())).ToArray());
        }

        return json;
    }

    public static void Write(string directory, EvaluationResult? result, IReadOnlyList<string>? labelNames, int step, double? trainLoss, int? maxSequenceLength = null)
    {
        NoFollowFiles.CreateDirectory(directory);
        NoFollowFiles.WriteAllText(Path.Combine(directory, FileName), ToJson(result, labelNames, step, trainLoss, maxSequenceLength).ToJsonString(Indented) + "\n");
    }

    private static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;
}
