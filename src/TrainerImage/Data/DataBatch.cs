using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Data;

/// <summary>
/// One batch of model inputs on the CPU with what throughput needs: the examples in it and the real (non-padding)
/// tokens (0 for images). Disposing frees the tensors.
/// </summary>
public sealed record DataBatch(ModelBatch Inputs, int Examples, long Tokens) : IDisposable
{
    public void Dispose()
    {
        Inputs.InputIds?.Dispose();
        Inputs.AttentionMask?.Dispose();
        Inputs.TokenTypeIds?.Dispose();
        Inputs.PixelValues?.Dispose();
        Inputs.Labels?.Dispose();
    }
}
