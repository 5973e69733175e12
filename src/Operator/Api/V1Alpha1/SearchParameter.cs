using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>The space of one hyperparameter: a numeric range (min, max, scale, steps) or a list of values.</summary>
public sealed class SearchParameter
{
    [JsonPropertyName("min")]
    public double? Min { get; set; }

    [JsonPropertyName("max")]
    public double? Max { get; set; }

    /// <summary>One of <see cref="ParameterScale"/>.</summary>
    [JsonPropertyName("scale")]
    public string? Scale { get; set; }

    /// <summary>How many points grid search takes from a range.</summary>
    [JsonPropertyName("steps")]
    public int? Steps { get; set; }

    /// <summary>Explicit choices; numbers or strings, so kept as raw JSON.</summary>
    [JsonPropertyName("values")]
    public IList<JsonElement>? Values { get; set; }
}
