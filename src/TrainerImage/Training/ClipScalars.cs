using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>The constants of gradient-norm clipping as process-lifetime Scalars (see <see cref="Models.KeptScalars"/>).</summary>
public static class ClipScalars
{
    /// <summary>torch's clip_grad_norm_ adds 1e-6 to the norm before dividing.</summary>
    public static readonly Scalar NormEpsilon = 1e-6.ToScalar();

    /// <summary>The clip coefficient never scales gradients up.</summary>
    public static readonly Scalar MaxCoefficient = 1.0.ToScalar();
}
