using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>
/// Scalars that live for the whole process. TorchSharp 0.107 turns a number argument (and the default alpha of
/// <c>a + b</c>) into a temporary <see cref="Scalar"/> that nothing references once its handle is read, so a GC started
/// by another thread (the progress poster, the runtime) can finalize and free it while libtorch still reads it. Hot
/// paths pass these, or Scalars held in <c>using</c> locals or fields for values that change.
/// </summary>
public static class KeptScalars
{
    /// <summary>An int64 0: comparisons against zero.</summary>
    public static readonly Scalar Zero = 0L.ToScalar();

    /// <summary>An int64 1: the alpha of a plain tensor add and the step of an int64 counter.</summary>
    public static readonly Scalar One = 1L.ToScalar();

    /// <summary>An int64 2: the exponent of a square (pow(2) is computed as x·x).</summary>
    public static readonly Scalar Two = 2L.ToScalar();

    /// <summary>An int64 -100: transformers' ignored label, for masks of the tokens that count in a loss.</summary>
    public static readonly Scalar IgnoreIndex = CausalLm.CausalLmLoss.IgnoreIndex.ToScalar();

    /// <summary>
    /// <c>torch.arange(length)</c> without temporary Scalars: TorchSharp's overload turns 0, length and 1 into
    /// temporaries; here the start and step are kept and the stop lives in a <c>using</c> local.
    /// </summary>
    public static torch.Tensor Positions(long length, torch.ScalarType dtype, torch.Device device)
    {
        using var stop = length.ToScalar();
        return torch.arange(Zero, stop, One, dtype, device);
    }
}
