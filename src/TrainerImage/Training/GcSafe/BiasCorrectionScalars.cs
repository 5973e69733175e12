using TorchSharp;

namespace KubeTune.Trainer.Training.GcSafe;

/// <summary>AdamW's step-dependent factors for step <see cref="Step"/>, computed as torch computes them.</summary>
public sealed class BiasCorrectionScalars : IDisposable
{
    public BiasCorrectionScalars(long step, double beta1, double beta2, double learningRate)
    {
        Step = step;
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        SqrtBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        NegativeStepSize = (-(learningRate / biasCorrection1)).ToScalar();
    }

    public long Step { get; }

    /// <summary>sqrt(1 - β2^t): the second moment's correction, divided out of sqrt(v).</summary>
    public Scalar SqrtBiasCorrection2 { get; }

    /// <summary>-lr / (1 - β1^t): the addcdiv value.</summary>
    public Scalar NegativeStepSize { get; }

    public void Dispose()
    {
        SqrtBiasCorrection2.Dispose();
        NegativeStepSize.Dispose();
    }
}
