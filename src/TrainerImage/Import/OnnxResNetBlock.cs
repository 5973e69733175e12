namespace KubeTune.Trainer.Import;

/// <summary>One residual block: the main path's conv layers (2 basic, 3 bottleneck) and the projection shortcut, if any.</summary>
public sealed record OnnxResNetBlock(IReadOnlyList<ConvBatchNorm> Layers, ConvBatchNorm? Shortcut, string Output)
{
    /// <summary>The block's stride: that of its strided main-path conv (1 when none strides).</summary>
    public long Stride => Layers.Max(layer => layer.Stride);

    public long OutChannels => Layers[^1].Weight.Dims[0];
}
