namespace KubeTune.Contracts;

/// <summary>Values of spec.hyperparameters.scheduler (Hugging Face names).</summary>
public static class LearningRateScheduler
{
    public const string Linear = "linear";
    public const string Cosine = "cosine";
    public const string Constant = "constant";
    public const string ConstantWithWarmup = "constant_with_warmup";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Linear, Cosine, Constant, ConstantWithWarmup];
}
