using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Stop training when a metric has not improved for <see cref="Patience"/> evaluations.</summary>
public sealed class EarlyStoppingSpec : IContractObject
{
    [JsonPropertyName("metric")]
    [OneOf(typeof(MetricName))]
    public string? Metric { get; set; }

    [JsonPropertyName("patience")]
    [Bounds(1, 1000)]
    public int? Patience { get; set; }
}
