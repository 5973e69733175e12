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

    /// <summary>
    /// With this padding a strided stage's shortcut (1x1, no padding) and main path only agree on even inputs, as in the
    /// exported graph itself; an error names the sizes that work instead of failing inside a residual add.
    /// </summary>
    public static void CheckImageSize(ResNetConfig config, long height, long width)
    {
        foreach (var side in new[] { height, width })
        {
            // The stem conv and max pool pad kernel/2 before, kernel/2 - 1 after: each maps n to floor(n / 2).
            var size = side / 2 / 2;
            for (var stage = config.DownsampleInFirstStage ? 0 : 1; stage < config.HiddenSizes.Count; stage++)
            {
                if (size % 2 != 0)
                {
                    throw new InvalidInputException(
                        $"pixel_values of {height}x{width}: with {ResNetConfig.AsymmetricStridedPaddingField} the input of every strided stage must have an even size " +
                        $"(stage {stage} gets {size}); use a multiple of {4 << (config.HiddenSizes.Count - (config.DownsampleInFirstStage ? 0 : 1))}, e.g. 224");
                }
                size /= 2;
            }
        }
    }
}
