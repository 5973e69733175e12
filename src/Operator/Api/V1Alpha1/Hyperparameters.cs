using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Optimizer and schedule settings; absent values take the CRD's defaults.</summary>
public sealed class Hyperparameters
{
    [JsonPropertyName("learningRate")]
    public double? LearningRate { get; set; }

    [JsonPropertyName("batchSize")]
    public int? BatchSize { get; set; }

    [JsonPropertyName("gradientAccumulationSteps")]
    public int? GradientAccumulationSteps { get; set; }

    /// <summary>At most one of epochs and maxSteps; with neither, one epoch is trained.</summary>
    [JsonPropertyName("epochs")]
    public int? Epochs { get; set; }

    [JsonPropertyName("maxSteps")]
    public long? MaxSteps { get; set; }

    /// <summary>Evaluate every this many optimizer steps; null evaluates once per epoch.</summary>
    [JsonPropertyName("evalSteps")]
    public int? EvalSteps { get; set; }

    [JsonPropertyName("warmupRatio")]
    public double? WarmupRatio { get; set; }

    /// <summary>One of <see cref="LearningRateScheduler"/>.</summary>
    [JsonPropertyName("scheduler")]
    public string? Scheduler { get; set; }

    [JsonPropertyName("weightDecay")]
    public double? WeightDecay { get; set; }

    [JsonPropertyName("maxGradNorm")]
    public double? MaxGradNorm { get; set; }

    [JsonPropertyName("maxSequenceLength")]
    public int? MaxSequenceLength { get; set; }

    /// <summary>One of <see cref="Precision"/>.</summary>
    [JsonPropertyName("precision")]
    public string? Precision { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }
}
