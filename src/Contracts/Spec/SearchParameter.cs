using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>The space of one hyperparameter: a numeric range (min, max, scale, steps) or a list of values.</summary>
public sealed class SearchParameter : IContractObject
{
    [JsonPropertyName("min")]
    public double? Min { get; set; }

    [JsonPropertyName("max")]
    public double? Max { get; set; }

    [JsonPropertyName("scale")]
    [OneOf(typeof(ParameterScale))]
    public string? Scale { get; set; }

    /// <summary>How many points grid search takes from a range.</summary>
    [JsonPropertyName("steps")]
    [Bounds(2, 100)]
    public int? Steps { get; set; }

    /// <summary>Explicit choices; numbers or strings, so kept as raw JSON.</summary>
    [JsonPropertyName("values")]
    public IList<JsonElement>? Values { get; set; }
}
