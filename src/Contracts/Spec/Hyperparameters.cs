using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Optimizer and schedule settings; absent values take <see cref="Defaults"/>.</summary>
public sealed class Hyperparameters : IContractObject
{
    [JsonPropertyName("learningRate")]
    [Bounds(0, 1, ExclusiveMinimum = true)]
    public double? LearningRate { get; set; }

    [JsonPropertyName("batchSize")]
    [Bounds(1, 4096)]
    public int? BatchSize { get; set; }

    [JsonPropertyName("gradientAccumulationSteps")]
    [Bounds(1, 1024)]
    public int? GradientAccumulationSteps { get; set; }

    /// <summary>At most one of epochs and maxSteps; with neither, one epoch is trained.</summary>
    [JsonPropertyName("epochs")]
    [Bounds(1, 1000)]
    public int? Epochs { get; set; }

    [JsonPropertyName("maxSteps")]
    [Bounds(1)]
    public long? MaxSteps { get; set; }

    /// <summary>Evaluate every this many optimizer steps; null evaluates once per epoch.</summary>
    [JsonPropertyName("evalSteps")]
    [Bounds(1)]
    public int? EvalSteps { get; set; }

    [JsonPropertyName("warmupRatio")]
    [Bounds(0, 1)]
    public double? WarmupRatio { get; set; }

    [JsonPropertyName("scheduler")]
    [OneOf(typeof(LearningRateScheduler))]
    public string? Scheduler { get; set; }

    [JsonPropertyName("weightDecay")]
    [Bounds(0, 1)]
    public double? WeightDecay { get; set; }

    [JsonPropertyName("maxGradNorm")]
    [Bounds(0)]
    public double? MaxGradNorm { get; set; }

    [JsonPropertyName("maxSequenceLength")]
    [Bounds(1, 131072)]
    public int? MaxSequenceLength { get; set; }

    [JsonPropertyName("precision")]
    [OneOf(typeof(Precision))]
    public string? Precision { get; set; }

    [JsonPropertyName("seed")]
    [Bounds(0)]
    public long? Seed { get; set; }
}
