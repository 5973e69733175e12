using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeTune.Trainer.Reporting;

/// <summary>The bench commands' one-line JSON: camelCase, nulls left out.</summary>
public static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
