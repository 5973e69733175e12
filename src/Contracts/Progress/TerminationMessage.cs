using System.Text;
using System.Text.Json;

namespace KubeTune.Contracts;

/// <summary>
/// The trainer's termination message: where it is written in the pod, its size bound (the kubelet keeps at most
/// 4 KiB), and its format (one <see cref="FinalSummary"/> as JSON). A summary too long drops its message, then its
/// per-class evaluation detail, so that what status needs always fits.
/// </summary>
public static class TerminationMessage
{
    /// <summary>The container's terminationMessagePath (the Kubernetes default).</summary>
    public const string Path = "/dev/termination-log";

    /// <summary>The kubelet's limit on one container's termination message.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The pod template's terminationMessagePolicy: the file, or the log's tail when the file is empty and the container failed.</summary>
    public const string Policy = "FallbackToLogsOnError";

    public static string Serialize(FinalSummary summary)
    {
        foreach (var candidate in Shrinking(summary))
        {
            var json = JsonSerializer.Serialize(candidate, ProgressJsonContext.Default.FinalSummary);
            if (Encoding.UTF8.GetByteCount(json) <= MaxBytes)
            {
                return json;
            }
        }

        // Only pathological URIs get here: keep phase and step, which are always small.
        return JsonSerializer.Serialize(new FinalSummary(summary.Phase, summary.Step, summary.TotalSteps), ProgressJsonContext.Default.FinalSummary);
    }

    /// <summary>The summary in a termination message, or null when the message is not one (a log tail, empty, cut off).</summary>
    public static FinalSummary? TryParse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message) || !message.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            var summary = JsonSerializer.Deserialize(message, ProgressJsonContext.Default.FinalSummary);
            return summary is { Phase.Length: > 0, Step: >= 0, TotalSteps: >= 0 } ? summary : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<FinalSummary> Shrinking(FinalSummary summary)
    {
        yield return summary;
        var withoutMessage = summary with { Message = summary.Message is { Length: > 256 } text ? text[..256] : summary.Message };
        yield return withoutMessage;
        yield return withoutMessage with { Message = null, Eval = summary.Eval is { } eval ? eval with { Precision = null, Recall = null } : null };
        yield return withoutMessage with { Message = null, Eval = null };
    }
}
