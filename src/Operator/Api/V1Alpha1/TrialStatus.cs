using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>One trial of a hyperparameter search.</summary>
public sealed class TrialStatus
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The sampled hyperparameters (numbers or strings, kept as raw JSON).</summary>
    [JsonPropertyName("parameters")]
    public IDictionary<string, JsonElement>? Parameters { get; set; }

    /// <summary>One of <see cref="TrialPhase"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>The objective metric's final value.</summary>
    [JsonPropertyName("objective")]
    public double? Objective { get; set; }
}
