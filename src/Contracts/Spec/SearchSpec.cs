using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>A hyperparameter search: each trial is one training run with sampled hyperparameters.</summary>
public sealed class SearchSpec : IContractObject
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

    /// <summary>asha: the steps of rung 0; rung r trains minSteps * reductionFactor^r steps in all, the last rung maxSteps.</summary>
    [JsonPropertyName("minSteps")]
    [Bounds(1)]
    public long? MinSteps { get; set; }

    /// <summary>asha: the top 1/reductionFactor of a rung continue to the next, which is reductionFactor times longer.</summary>
    [JsonPropertyName("reductionFactor")]
    [Bounds(2, 100)]
    public int? ReductionFactor { get; set; }

    /// <summary>tpe: how many trials are drawn at random before the estimator takes over.</summary>
    [JsonPropertyName("startupTrials")]
    [Bounds(1, 1000)]
    public int? StartupTrials { get; set; }

    [JsonPropertyName("objective")]
    [RequiredField]
    public SearchObjective Objective { get; set; } = new();

    /// <summary>Hyperparameter name (for example learningRate) to the space it is drawn from.</summary>
    [JsonPropertyName("parameters")]
    [RequiredField]
    public IDictionary<string, SearchParameter> Parameters { get; set; } = new Dictionary<string, SearchParameter>();
}
