using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>The metric that ranks trials and whether lower or higher is better.</summary>
public sealed class SearchObjective
{
    /// <summary>One of <see cref="MetricName"/>.</summary>
    [JsonPropertyName("metric")]
    public string Metric { get; set; } = "";

    /// <summary>One of <see cref="ObjectiveGoal"/>.</summary>
    [JsonPropertyName("goal")]
    public string? Goal { get; set; }
}
