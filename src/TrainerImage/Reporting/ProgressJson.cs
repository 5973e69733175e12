using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeTune.Trainer.Reporting;

/// <summary>The report's wire format: camelCase, nulls left out, one line.</summary>
public static class ProgressJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ProgressReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>JSON has no NaN or infinity: a value that is not finite is reported as absent.</summary>
    public static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;
}
