using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data.Images;
using KubeTune.Trainer.Models;
using StbImageWriteSharp;

namespace KubeTune.Trainer.Tests.Data;

public sealed class ImageDataTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string model;
    private readonly HfConfig modelConfig = new(new JsonObject { ["num_channels"] = 3 }, "config.json");

    public ImageDataTests()
    {
        model = Path.Combine(directory.Path, "model");
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, ImagePreprocessing.FileName), "{\"size\": {\"height\": 4, \"width\": 4}, \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5], \"rescale_factor\": 0.00392156862745098}");
    }

    [Fact]
    public void Prepare_ImageFolderOfPngAndJpeg_ClassesFromFoldersPixelsResizedAndNormalised()
    {
        WriteImage("images/dog/a.png", Solid(6, 6, 3, [255, 0, 0]), 6, 6, ColorComponents.RedGreenBlue, png: true);
        WriteImage("images/cat/b.png", Solid(3, 5, 1, [51]), 3, 5, ColorComponents.Grey, png: true);
        WriteImage("images/cat/c.jpg", Solid(8, 8, 3, [128, 128, 128]), 8, 8, ColorComponents.RedGreenBlue, png: false);
        var dataset = Path.Combine(directory.Path, "images");

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, dataset), model, dataset, modelConfig: modelConfig);
        using var batch = data.Train.InOrder(8).Single();
        var pixels = batch.Inputs.PixelValues!;

        Assert.Equal(["cat", "dog"], data.LabelNames!);
        Assert.Equal(new long[] { 3, 3, 4, 4 }, pixels.shape);
        Assert.Equal([0L, 0, 1], batch.Inputs.Labels!.data<long>().ToArray());
        // Grey 51 → (51/255 - 0.5)/0.5 = -0.6 on all three channels.
        Assert.All(pixels[0].data<float>().ToArray(), value => Assert.Equal(-0.6f, value, 1e-4f));
        // JPEG is lossy: mid grey stays near 0 after normalising.
        Assert.All(pixels[1].data<float>().ToArray(), value => Assert.InRange(value, -0.05f, 0.05f));
        Assert.All(pixels[2][0].data<float>().ToArray(), value => Assert.Equal(1f, value, 1e-4f));
        Assert.All(pixels[2][1].data<float>().ToArray(), value => Assert.Equal(-1f, value, 1e-4f));
        Assert.Equal(0, batch.Tokens);
    }

    [Fact]
    public void Prepare_CorruptImage_InputErrorNamesTheFileUnlessSkipped()
    {
        WriteImage("images/a/ok.png", Solid(2, 2, 1, [0]), 2, 2, ColorComponents.Grey, png: true);
        var broken = directory.Write("images/b/broken.png", "this is not a png");
        var dataset = Path.Combine(directory.Path, "images");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, dataset), model, dataset, modelConfig: modelConfig));
        using var skipped = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, dataset, skipInvalid: true), model, dataset, modelConfig: modelConfig);

        Assert.StartsWith(broken, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, skipped.SkippedRows);
        Assert.Equal(1, skipped.Train.Count);
    }

    [Fact]
    public void Prepare_ImageListPathsOutsideTheListsFolder_RefusedByLineUnlessSkipped()
    {
        WriteImage("pics/one.png", Solid(2, 2, 1, [255]), 2, 2, ColorComponents.Grey, png: true);
        WriteImage("lists/inside.png", Solid(2, 2, 1, [51]), 2, 2, ColorComponents.Grey, png: true);
        File.CreateSymbolicLink(Path.Combine(directory.Path, "lists", "link.png"), Path.Combine(directory.Path, "pics", "one.png"));
        var list = directory.Write("lists/list.csv", $"image,label\ninside.png,ant\n../pics/one.png,bird\n{Path.Combine(directory.Path, "pics", "one.png")},bird\nlink.png,bird\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, list), model, list, modelConfig: modelConfig));
        using var skipped = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, list, skipInvalid: true), model, list, modelConfig: modelConfig);

        Assert.StartsWith($"{list}:3: image '../pics/one.png' is outside the list's folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, skipped.SkippedRows);
        Assert.Equal(1, skipped.Train.Count);
    }

    [Fact]
    public void Prepare_CsvListOfImages_ReadsRelativePathsAndReportsAMissingImageByLine()
    {
        WriteImage("pics/one.png", Solid(2, 2, 1, [255]), 2, 2, ColorComponents.Grey, png: true);
        WriteImage("pics/two.png", Solid(2, 2, 1, [51]), 2, 2, ColorComponents.Grey, png: true);
        var list = directory.Write("list.csv", "image,label\npics/one.png,bird\npics/two.png,ant\npics/missing.png,ant\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, list), model, list, modelConfig: modelConfig));
        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, list, skipInvalid: true), model, list, modelConfig: modelConfig);
        using var batch = data.Train.InOrder(4).Single();

        Assert.StartsWith($"{list}:4: image 'pics/missing.png' not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ant", "bird"], data.LabelNames!);
        Assert.Equal([1L, 0], batch.Inputs.Labels!.data<long>().ToArray());
        Assert.All(batch.Inputs.PixelValues![0].data<float>().ToArray(), value => Assert.Equal(1f, value, 1e-4f));
    }

    [Fact]
    public void Prepare_GzippedIdxPair_ReadsImagesAndDigitLabelsAsIds()
    {
        var images = new byte[][] { Solid(2, 2, 1, [0]), Solid(2, 2, 1, [255]), Solid(2, 2, 1, [51]) };
        var dataset = Path.Combine(directory.Path, "mnist");
        Directory.CreateDirectory(dataset);
        WriteIdx(Path.Combine(dataset, "train-images-idx3-ubyte.gz"), 0x803, [images.Length, 2, 2], images.SelectMany(image => image).ToArray());
        WriteIdx(Path.Combine(dataset, "train-labels-idx1-ubyte.gz"), 0x801, [images.Length], [7, 2, 7]);
        WriteIdx(Path.Combine(dataset, "t10k-images-idx3-ubyte.gz"), 0x803, [1, 2, 2], Solid(2, 2, 1, [0]));
        WriteIdx(Path.Combine(dataset, "t10k-labels-idx1-ubyte.gz"), 0x801, [1], [2]);

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, dataset), model, dataset, modelConfig: modelConfig);
        using var batch = data.Train.InOrder(3).Single();

        Assert.Equal(3, data.Train.Count);
        Assert.Equal(8, data.LabelNames!.Count);
        Assert.Equal([7L, 2, 7], batch.Inputs.Labels!.data<long>().ToArray());
        Assert.All(batch.Inputs.PixelValues![1].data<float>().ToArray(), value => Assert.Equal(1f, value, 1e-4f));
        Assert.All(batch.Inputs.PixelValues![2].data<float>().ToArray(), value => Assert.Equal(-0.6f, value, 1e-4f));
    }

    [Fact]
    public void Apply_TwoPixelsUpscaled_BilinearWithHalfPixelCentresAsTorch()
    {
        var settings = new ImagePreprocessing(1, 4, 1, [0f], [1f], 1f, null, null);
        var destination = new float[4];

        ImageTransform.Apply(new DecodedImage([0, 255], 2, 1, 1), settings, destination);

        Assert.Equal([0f, 63.75f, 191.25f, 255f], destination);
    }

    [Fact]
    public void Prepare_StratifiedSplitOfImages_KeepsEachClassInBothSplits()
    {
        for (var i = 0; i < 10; i++)
        {
            WriteImage($"images/{(i < 8 ? "many" : "few")}/{i}.png", Solid(2, 2, 1, [(byte)i]), 2, 2, ColorComponents.Grey, png: true);
        }

        var dataset = Path.Combine(directory.Path, "images");
        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.ImageClassification, dataset, validationSplit: 0.5), model, dataset, modelConfig: modelConfig);
        using var validation = data.Validation!.InOrder(10).Single();

        Assert.Equal([0L, 1, 1, 1, 1], validation.Inputs.Labels!.data<long>().ToArray().Order());
        Assert.Equal(5, data.Train.Count);
    }

    public void Dispose() => directory.Dispose();

    private static byte[] Solid(int width, int height, int channels, byte[] color) =>
        Enumerable.Range(0, width * height).SelectMany(_ => color.Take(channels)).ToArray();

    private void WriteImage(string relativePath, byte[] pixels, int width, int height, ColorComponents components, bool png)
    {
        var file = Path.Combine(directory.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var stream = File.Create(file);
        var writer = new ImageWriter();
        if (png)
        {
            writer.WritePng(pixels, width, height, components, stream);
        }
        else
        {
            writer.WriteJpg(pixels, width, height, components, stream, 95);
        }
    }

    private static void WriteIdx(string file, int magic, int[] dimensions, byte[] body)
    {
        using var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest);
        var header = new byte[4 * (1 + dimensions.Length)];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * (i + 1)), dimensions[i]);
        }

        gzip.Write(header);
        gzip.Write(body);
    }
}
