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

    /// <summary>The objective metric's final value (asha: at the end of the latest rung).</summary>
    [JsonPropertyName("objective")]
    public double? Objective { get; set; }

    /// <summary>Optimizer steps the trial has trained, over all its rungs.</summary>
    [JsonPropertyName("steps")]
    public long? Steps { get; set; }

    /// <summary>asha: the rung the trial trains in or last finished (0 is the shortest).</summary>
    [JsonPropertyName("rung")]
    public int? Rung { get; set; }

    /// <summary>asha: the objective at the end of each rung it finished, rung 0 first; the record promotions rank by.</summary>
    [JsonPropertyName("rungObjectives")]
    public IList<double>? RungObjectives { get; set; }
}
