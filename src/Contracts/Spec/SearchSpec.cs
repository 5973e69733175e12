using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>A hyperparameter search: each trial is one training run with sampled hyperparameters.</summary>
public sealed class SearchSpec
{
    [JsonPropertyName("algorithm")]
    [OneOf(typeof(SearchAlgorithm))]
    public string? Algorithm { get; set; }

    [JsonPropertyName("maxTrials")]
    [Bounds(1, 1000)]
    public int? MaxTrials { get; set; }

    [JsonPropertyName("parallelTrials")]
    [Bounds(1, 64)]
    public int? ParallelTrials { get; set; }

    /// <summary>Seed of the random sampler, so a search can be repeated.</summary>
    [JsonPropertyName("seed")]
    [Bounds(0)]
    public long? Seed { get; set; }

    [JsonPropertyName("objective")]
    [RequiredField]
    public SearchObjective Objective { get; set; } = new();

    /// <summary>Hyperparameter name (for example learningRate) to the space it is drawn from.</summary>
    [JsonPropertyName("parameters")]
    [RequiredField]
    public IDictionary<string, SearchParameter> Parameters { get; set; } = new Dictionary<string, SearchParameter>();
}
