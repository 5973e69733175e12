using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>How far training is, from the trainer's latest report.</summary>
public sealed class TrainingProgress
{
    [JsonPropertyName("step")]
    public long? Step { get; set; }

    [JsonPropertyName("totalSteps")]
    public long? TotalSteps { get; set; }

    [JsonPropertyName("epoch")]
    public double? Epoch { get; set; }

    /// <summary>0 to 100.</summary>
    [JsonPropertyName("percent")]
    public double? Percent { get; set; }

    [JsonPropertyName("etaSeconds")]
    public long? EtaSeconds { get; set; }

    [JsonPropertyName("samplesPerSecond")]
    public double? SamplesPerSecond { get; set; }

    [JsonPropertyName("tokensPerSecond")]
    public double? TokensPerSecond { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTime? UpdatedAt { get; set; }
}
