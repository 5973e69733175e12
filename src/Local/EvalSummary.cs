using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Local;

/// <summary>What the trainer's eval.json says about the fine-tuned model: the final metrics and the confusion matrix.</summary>
public sealed record EvalSummary(
    double? Accuracy,
    double? F1,
    double? EvalLoss,
    double? Perplexity,
    long? Examples,
    IReadOnlyList<string> Labels,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix)
{
    public const string FileName = "eval.json";

    /// <summary>Reads <c>DIRECTORY/eval.json</c>; null when there is none; a malformed file throws naming it.</summary>
    public static EvalSummary? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object");
            var labels = (json["labels"] as JsonArray)?.Select(label => label?.ToString() ?? string.Empty).ToList() ?? [];
            var matrix = (json["confusion_matrix"] as JsonArray)?
                .Select(row => (IReadOnlyList<long>)((row as JsonArray)?.Select(count => count?.GetValue<long>() ?? 0).ToList() ?? []))
                .ToList() ?? [];
            return new EvalSummary(
                Number(json, "eval_accuracy"), Number(json, "eval_f1"), Number(json, "eval_loss"), Number(json, "perplexity"),
                json["eval_examples"]?.GetValue<long>(), labels, matrix);
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException)
        {
            throw new FormatException($"{path}: {error.Message}", error);
        }
    }

    private static double? Number(JsonObject json, string name) => json[name]?.GetValue<double>();
}
