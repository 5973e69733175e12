namespace KubeTune.Trainer.Configuration;

/// <summary>
/// Optimizer and schedule settings with the CRD's defaults. Epochs is 1 when neither epochs nor maxSteps is set;
/// when MaxSteps is set it wins over Epochs. EvalSteps null evaluates once per epoch.
/// </summary>
public sealed record HyperparameterSection(
    double LearningRate = 5e-5,
    int BatchSize = 8,
    int GradientAccumulationSteps = 1,
    int Epochs = 1,
    long? MaxSteps = null,
    double WarmupRatio = 0,
    string Scheduler = "linear",
    double WeightDecay = 0,
    double MaxGradNorm = 1.0,
    int MaxSequenceLength = 512,
    string Precision = "fp32",
    long Seed = 42,
    int? EvalSteps = null)
{
    public static IReadOnlyList<string> Schedulers { get; } = ["linear", "cosine", "constant", "constant_with_warmup"];

    public static IReadOnlyList<string> Precisions { get; } = ["fp32", "fp16", "bf16"];
}
