using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>A hyperparameter search: each trial is one training run with sampled hyperparameters.</summary>
public sealed class SearchSpec
{
    /// <summary>One of <see cref="SearchAlgorithm"/>.</summary>
    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; set; }

    [JsonPropertyName("maxTrials")]
    public int? MaxTrials { get; set; }

    [JsonPropertyName("parallelTrials")]
    public int? ParallelTrials { get; set; }

    /// <summary>Seed of the random sampler, so a search can be repeated.</summary>
    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("objective")]
    public SearchObjective Objective { get; set; } = new();

    /// <summary>Hyperparameter name (for example learningRate) to the space it is drawn from.</summary>
    [JsonPropertyName("parameters")]
    public IDictionary<string, SearchParameter> Parameters { get; set; } = new Dictionary<string, SearchParameter>();
}
