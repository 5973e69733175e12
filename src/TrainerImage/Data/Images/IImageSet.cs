namespace KubeTune.Trainer.Data.Images;

/// <summary>Images read one at a time (never all in memory) with a provisional label per image.</summary>
internal interface IImageSet
{
    int Count { get; }

    int Label(int index);

    /// <summary>The image, as 1 (grey) or 3 (RGB) channels as <paramref name="channels"/> asks.</summary>
    DecodedImage Read(int index, int channels);
}
