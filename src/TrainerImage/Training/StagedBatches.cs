using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>
/// The training loop's batches, read on the main thread between steps; for a CUDA device each is copied into pinned
/// memory so the loop's host-to-device copy is non-blocking. Leaving the loop early reads nothing more.
/// </summary>
public static class StagedBatches
{
    // No prefetch thread (its GCs free TorchSharp Scalars mid-call, docs/training.md); CUDA still overlaps: the queued step runs while we read.
    public static IEnumerable<DataBatch> Read(IEnumerable<DataBatch> source, torch.Device device) =>
        device.type == DeviceType.CUDA ? source.Select(Pin) : source;

    /// <summary>The batch's tensors in page-locked memory (the original batch is freed).</summary>
    public static DataBatch Pin(DataBatch batch)
    {
        var inputs = batch.Inputs;
        var pinned = new ModelBatch(
            inputs.InputIds?.pin_memory(),
            inputs.AttentionMask?.pin_memory(),
            inputs.TokenTypeIds?.pin_memory(),
            inputs.PixelValues?.pin_memory(),
            inputs.Labels?.pin_memory());
        batch.Dispose();
        return new DataBatch(pinned, batch.Examples, batch.Tokens);
    }
}
