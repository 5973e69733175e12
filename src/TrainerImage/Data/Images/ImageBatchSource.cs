using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Data.Images;

/// <summary>Batches of images: pixel_values [B, C, H, W] float32 and labels [B], decoded when the batch is built.</summary>
internal sealed class ImageBatchSource : BatchSourceBase
{
    private readonly IImageSet images;
    private readonly int[] finalLabels;
    private readonly ImagePreprocessing settings;

    public ImageBatchSource(IImageSet images, int[] finalLabels, ImagePreprocessing settings, int[] members)
        : base(members)
    {
        this.images = images;
        this.finalLabels = finalLabels;
        this.settings = settings;
    }

    protected override DataBatch Build(int[] exampleIds)
    {
        var size = settings.Channels * settings.Height * settings.Width;
        var pixels = new float[exampleIds.Length * size];
        var labels = new long[exampleIds.Length];
        for (var row = 0; row < exampleIds.Length; row++)
        {
            var image = images.Read(exampleIds[row], settings.Channels == 1 ? 1 : 3);
            ImageTransform.Apply(image, settings, pixels.AsSpan(row * size, size));
            labels[row] = finalLabels[images.Label(exampleIds[row])];
        }

        var inputs = new ModelBatch(
            PixelValues: torch.tensor(pixels, [exampleIds.Length, settings.Channels, settings.Height, settings.Width]),
            Labels: torch.tensor(labels, [exampleIds.Length]));
        return new DataBatch(inputs, exampleIds.Length, 0);
    }
}
