using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>
/// <c>nn.BatchNorm2d</c> (same parameters, buffers, names and maths) whose forward passes libtorch no temporary
/// <see cref="Scalar"/>. TorchSharp 0.107's forward counts batches with <c>num_batches_tracked.add_(1)</c>: the two
/// implicit Scalars are unreachable once their handles are read, so a GC started by another thread (such as the
/// progress poster) can finalize and free them while libtorch still reads them, a crash or a wrong count at random steps.
/// </summary>
public sealed class GcSafeBatchNorm2d : BatchNorm
{
    public GcSafeBatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1)
        : base(numFeatures, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, nameof(GcSafeBatchNorm2d))
    {
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var averagingFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } tracked)
        {
            tracked.add_(KeptScalars.One, KeptScalars.One);
            // momentum None in torch means a cumulative average over the batches seen so far.
            averagingFactor = momentum ?? 1.0 / tracked.item<long>();
        }

        var useRunningStats = !training || track_running_stats;
        var useBatchStats = training || (running_mean is null && running_var is null);
        var output = nn.functional.batch_norm(
            input, useRunningStats ? running_mean : null, useRunningStats ? running_var : null, weight, bias, useBatchStats, averagingFactor, eps);
        // The caller may pass a temporary rooted nowhere else; it must outlive the native call that read its handle.
        GC.KeepAlive(input);
        return output;
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4)
        {
            throw new ArgumentException($"batch norm expects a 4D input [batch, channels, height, width], got {input.ndim}D [{string.Join(", ", input.shape)}]", nameof(input));
        }
    }
}
