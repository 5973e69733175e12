using System.Text.Json;

namespace KubeTune.Contracts;

/// <summary>The report's wire format: camelCase, nulls left out, one line (source-generated).</summary>
public static class ProgressJson
{
    public static string Serialize(ProgressReport report) => JsonSerializer.Serialize(report, ProgressJsonContext.Default.ProgressReport);

    /// <summary>Reads a report as the trainer wrote it (no range checks: the operator's reader does those).</summary>
    public static ProgressReport? Deserialize(string json) => JsonSerializer.Deserialize(json, ProgressJsonContext.Default.ProgressReport);

    /// <summary>JSON has no NaN or infinity: a value that is not finite is reported as absent.</summary>
    public static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;
}
