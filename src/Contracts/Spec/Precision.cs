namespace KubeTune.Contracts;

/// <summary>Values of spec.hyperparameters.precision.</summary>
public static class Precision
{
    public const string Fp32 = "fp32";
    public const string Fp16 = "fp16";
    public const string Bf16 = "bf16";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Fp32, Fp16, Bf16];
}
