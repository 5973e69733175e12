using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>
/// The training loss without a host-device sync per step. Eager (CPU, or when phases are timed) reads each loss at once;
/// deferred (GPU) keeps the last loss and the first step whose loss was not finite on the device and reads them only
/// when a report, checkpoint or the end of the run needs a value, so the step never waits for the GPU.
/// </summary>
public sealed class LossMonitor : IDisposable
{
    private torch.Tensor? last;
    private torch.Tensor? firstBadStep;
    private torch.Tensor? firstBadLoss;

    public LossMonitor(bool eager)
    {
        Eager = eager;
    }

    public bool Eager { get; }

    /// <summary>Eager: the loss value. Deferred: null, the loss is recorded on the device.</summary>
    public double? Observe(torch.Tensor loss, int step)
    {
        if (Eager)
        {
            return loss.to(torch.ScalarType.Float64).item<double>();
        }

        using var noGrad = torch.no_grad();
        var value = loss.detach().to(torch.ScalarType.Float32);
        var bad = value.isfinite().logical_not();
        if (firstBadStep is null)
        {
            using var none = (-1L).ToScalar();
            firstBadStep = torch.full([], none, torch.ScalarType.Int64, value.device).DetachFromDisposeScope();
            firstBadLoss = torch.zeros([], torch.ScalarType.Float32, value.device).DetachFromDisposeScope();
        }

        // Scalars stay referenced across the native calls (docs/training.md).
        using var stepValue = ((long)step).ToScalar();
        var first = bad.logical_and(firstBadStep.lt(KeptScalars.Zero));
        ReplaceWith(ref firstBadStep, torch.where(first, torch.full([], stepValue, torch.ScalarType.Int64, value.device), firstBadStep));
        ReplaceWith(ref firstBadLoss, torch.where(first, value, firstBadLoss!));
        ReplaceWith(ref last, value.clone());
        return null;
    }

    /// <summary>Reads the deferred values (one sync): the last loss, and the first non-finite step and loss if any.</summary>
    public (double? Last, int? DivergedStep, double DivergedLoss) Read()
    {
        if (last is null || firstBadStep is null)
        {
            return (null, null, 0);
        }

        var badStep = firstBadStep.item<long>();
        return (last.to(torch.ScalarType.Float64).item<double>(), badStep < 0 ? null : (int)badStep, firstBadLoss!.to(torch.ScalarType.Float64).item<double>());
    }

    public void Dispose()
    {
        last?.Dispose();
        firstBadStep?.Dispose();
        firstBadLoss?.Dispose();
    }

    private static void ReplaceWith(ref torch.Tensor? slot, torch.Tensor value)
    {
        var old = slot;
        slot = value.DetachFromDisposeScope();
        if (!ReferenceEquals(old, slot))
        {
            old?.Dispose();
        }
    }
}
