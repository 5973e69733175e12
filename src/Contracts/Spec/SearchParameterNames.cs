
namespace KubeTune.Contracts;

/// <summary>The hyperparameters spec.search.parameters may name (the CRD's list), and the kind of value each takes.</summary>
public static class SearchParameterNames
{
    public const string LearningRate = "learningRate";
    public const string BatchSize = "batchSize";
    public const string GradientAccumulationSteps = "gradientAccumulationSteps";
    public const string Epochs = "epochs";
    public const string WarmupRatio = "warmupRatio";
    public const string WeightDecay = "weightDecay";
    public const string MaxGradNorm = "maxGradNorm";
    public const string Scheduler = "scheduler";
    public const string LoraR = "loraR";
    public const string LoraAlpha = "loraAlpha";
    public const string LoraDropout = "loraDropout";

    /// <summary>Every searchable name and its kind, in the CRD's order.</summary>
    public static IReadOnlyDictionary<string, ParameterKind> Kinds { get; } = new Dictionary<string, ParameterKind>(StringComparer.Ordinal)
    {
        [LearningRate] = ParameterKind.Real,
        [BatchSize] = ParameterKind.Integer,
        [GradientAccumulationSteps] = ParameterKind.Integer,
        [Epochs] = ParameterKind.Integer,
        [WarmupRatio] = ParameterKind.Real,
        [WeightDecay] = ParameterKind.Real,
        [MaxGradNorm] = ParameterKind.Real,
        [Scheduler] = ParameterKind.Text,
        [LoraR] = ParameterKind.Integer,
        [LoraAlpha] = ParameterKind.Real,
        [LoraDropout] = ParameterKind.Real,
    };

    /// <summary>The text values a <see cref="ParameterKind.Text"/> parameter may take.</summary>
    public static IReadOnlyList<string> TextChoices(string name) => name == Scheduler ? LearningRateScheduler.All : [];

    /// <summary>True for the LoRA settings, which need method.type lora.</summary>
    public static bool IsLora(string name) => name is LoraR or LoraAlpha or LoraDropout;
}
