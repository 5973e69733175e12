namespace KubeTune.Trainer.Import;

/// <summary>
/// What a preprocessing ONNX graph does to 0-255 pixels before the network: reorders channels
/// (<see cref="SourceChannel"/>[c] is the pixel channel feeding network channel c) and subtracts a mean.
/// </summary>
/// <param name="Mean">The subtracted mean in network channel order, [channels, height, width] (height = width = 1 for per-channel values).</param>
public sealed record PixelPreprocessing(IReadOnlyList<int> SourceChannel, float[] Mean, long Height, long Width)
{
    public int Channels => SourceChannel.Count;

    /// <summary>The mean in pixel channel order (the order the imported model reads), [channels, height, width].</summary>
    public float[] MeanInPixelOrder()
    {
        var plane = (int)(Height * Width);
        var result = new float[Mean.Length];
        for (var c = 0; c < Channels; c++)
        {
            Array.Copy(Mean, c * plane, result, SourceChannel[c] * plane, plane);
        }
        return result;
    }
}
