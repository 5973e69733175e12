using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.Operator.Progress;

/// <summary>
/// The JSON merge patch of status.progress, status.metrics, status.checkpoint and status.output for a job's progress.
/// Absent values are left out (a null would delete the field), so fields this patch does not know stay as they are.
/// </summary>
public static class ProgressPatch
{
    public static JsonObject Build(JobProgress progress)
    {
        var report = progress.Report;
        var completed = report.Final && report.Phase == "Completed";
        var status = new JsonObject
        {
            ["progress"] = Object(
                ("step", report.Step),
                ("totalSteps", report.TotalSteps),
                ("epoch", report.Epoch),
                ("percent", report.PercentDone),
                ("etaSeconds", completed ? 0L : report.EtaSeconds is { } eta ? (long)Math.Round(eta) : null),
                ("samplesPerSecond", report.SamplesPerSecond),
                ("tokensPerSecond", report.TokensPerSecond),
                ("updatedAt", Rfc3339(progress.ReceivedAt))),
            ["metrics"] = Object(
                ("trainLoss", report.Loss),
                ("learningRate", report.LearningRate),
                ("evalLoss", progress.Eval?.EvalLoss),
                ("evalAccuracy", progress.Eval?.EvalAccuracy),
                ("evalF1", progress.Eval?.EvalF1),
                ("perplexity", progress.Eval?.Perplexity)),
        };
        if (progress.Checkpoint is { } checkpoint)
        {
            status["checkpoint"] = Object(("step", checkpoint.Step), ("uri", checkpoint.Uri), ("savedAt", checkpoint.SavedAt is { } saved ? Rfc3339(saved) : null));
        }

        if (progress.Output is { } output)
        {
            status["output"] = Object(("uri", output.Uri), ("format", output.Format), ("sizeBytes", output.SizeBytes));
        }

        return new JsonObject { ["status"] = status };
    }

    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Object(params (string Name, object? Value)[] fields)
    {
        var result = new JsonObject();
        foreach (var (name, value) in fields)
        {
            JsonNode? node = value switch
            {
                null => null,
                long number => JsonValue.Create(number),
                double number => JsonValue.Create(number),
                string text => JsonValue.Create(text),
                _ => throw new ArgumentException($"unsupported value type {value.GetType()} for {name}", nameof(fields)),
            };
            if (node is not null)
            {
                result[name] = node;
            }
        }

        return result;
    }
}
