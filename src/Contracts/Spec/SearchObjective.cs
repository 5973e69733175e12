using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>The metric that ranks trials and whether lower or higher is better.</summary>
public sealed class SearchObjective : IContractObject
{
    [JsonPropertyName("metric")]
    [RequiredField]
    [OneOf(typeof(MetricName))]
    public string Metric { get; set; } = "";

    [JsonPropertyName("goal")]
    [OneOf(typeof(ObjectiveGoal))]
    public string? Goal { get; set; }
}
