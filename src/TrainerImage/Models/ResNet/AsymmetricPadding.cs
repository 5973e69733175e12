namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The explicit padding of <see cref="ResNetConfig.AsymmetricStridedPaddingField"/> in nn.functional.pad order.</summary>
public static class AsymmetricPadding
{
    /// <summary>[left, right, top, bottom]: kernel/2 before, kernel/2 - (stride - 1) after (never negative); null when it equals the symmetric kernel/2.</summary>
    public static long[]? For(long kernelSize, long stride)
    {
        var before = kernelSize / 2;
        var after = Math.Max(before - (stride - 1), 0);
        return before == after ? null : [before, after, before, after];
    }
}
