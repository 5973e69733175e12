using TorchSharp;

namespace KubeTune.Trainer.Training.GcSafe;

/// <summary>
/// One AdamW group's constant hyper-parameters as Scalars that live as long as the optimizer, so no temporary Scalar
/// exists for a GC on another thread to free while libtorch reads it. Rebuilt when the group's options change (a loaded
/// state dict).
/// </summary>
public sealed class AdamWHyperparameterScalars : IDisposable
{
    public AdamWHyperparameterScalars(double beta1, double beta2, double epsilon)
    {
        Beta1Value = beta1;
        Beta2Value = beta2;
        EpsilonValue = epsilon;
        Beta1 = beta1.ToScalar();
        OneMinusBeta1 = (1 - beta1).ToScalar();
        Beta2 = beta2.ToScalar();
        OneMinusBeta2 = (1 - beta2).ToScalar();
        Epsilon = epsilon.ToScalar();
    }

    public double Beta1Value { get; }

    public double Beta2Value { get; }

    public double EpsilonValue { get; }

    public Scalar Beta1 { get; }

    public Scalar OneMinusBeta1 { get; }

    public Scalar Beta2 { get; }

    public Scalar OneMinusBeta2 { get; }

    public Scalar Epsilon { get; }

    public bool Matches(double beta1, double beta2, double epsilon) =>
        beta1.Equals(Beta1Value) && beta2.Equals(Beta2Value) && epsilon.Equals(EpsilonValue);

    public void Dispose()
    {
        Beta1.Dispose();
        OneMinusBeta1.Dispose();
        Beta2.Dispose();
        OneMinusBeta2.Dispose();
        Epsilon.Dispose();
    }
}
