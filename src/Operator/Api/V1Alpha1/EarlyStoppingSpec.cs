using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Stop training when a metric has not improved for <see cref="Patience"/> evaluations.</summary>
public sealed class EarlyStoppingSpec
{
    /// <summary>One of <see cref="MetricName"/>.</summary>
    [JsonPropertyName("metric")]
    public string? Metric { get; set; }

    [JsonPropertyName("patience")]
    public int? Patience { get; set; }
}
