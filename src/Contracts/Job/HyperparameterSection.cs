namespace KubeTune.Contracts;

/// <summary>
/// Optimizer and schedule settings, defaults applied (<see cref="Defaults"/>). When MaxSteps is set it wins over
/// Epochs. EvalSteps null evaluates once per epoch.
/// </summary>
public sealed record HyperparameterSection(
    double LearningRate,
    int BatchSize,
    int GradientAccumulationSteps,
    int Epochs,
    long? MaxSteps,
    double WarmupRatio,
    string Scheduler,
    double WeightDecay,
    double MaxGradNorm,
    int MaxSequenceLength,
    string Precision,
    long Seed,
    int? EvalSteps);
