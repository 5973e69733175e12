using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.ResNet;
using TorchSharp;
using Xunit.Abstractions;

namespace KubeTune.Trainer.Tests.Import;

public sealed class OnnxResNetImporterTests : IClassFixture<ImportedResNet18Fixture>
{
    private const int Size = 224;
    private static readonly long[] OnnxShape = [1, 3, Size, Size];

    private readonly ImportedResNet18Fixture fixture;
    private readonly ITestOutputHelper log;

    public OnnxResNetImporterTests(ImportedResNet18Fixture fixture, ITestOutputHelper log)
    {
        torch.set_num_threads(2);
        this.fixture = fixture;
        this.log = log;
        Assert.True(fixture.ExitCode == 0, $"import-onnx exited {fixture.ExitCode}: {fixture.Error}");
    }

    [Fact]
    public void Import_ResNet18_PooledFeaturesMatchOnnxRuntimeWithin1e4()
    {
        using var model = LoadBase(fixture.OutputDirectory);
        var meanImage = fixture.Preprocessing.MeanInPixelOrder();

        foreach (var (name, image) in TestImages())
        {
            // ONNX Runtime: RGB pixels -> ResNetPreprocess (to BGR, minus mean image) -> ResNet18 pooled features.
            var expected = OnnxRuntimeFeatures.Run(fixture.Network, OnnxRuntimeFeatures.Run(fixture.Preprocess, image, OnnxShape), OnnxShape);
            var actual = Features(model, image.Zip(meanImage, (pixel, mean) => pixel - mean).ToArray(), Size);

            Assert.Equal(512, expected.Length);
            var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            log.WriteLine($"{name}: max |torch - onnxruntime| = {worst:G3} over 512 features (largest feature {expected.Max():F3})");
            Assert.True(worst <= 1e-4, $"{name}: pooled features differ by up to {worst}");
        }
        log.WriteLine($"import took {fixture.ImportTime.TotalSeconds:F1} s; {fixture.Output}");
    }

    [Theory]
    [InlineData(225)]
    [InlineData(226)]
    public void Import_OddFeatureMapSizes_AsymmetricPaddingFromTheGraphMatchesOnnxRuntime(int odd)
    {
        // 225 makes the stem conv's input odd (pads [3, 3, 2, 2] give 112 rows, symmetric 3 gives 113); 226 the max pool's (56 vs 57).
        var resized = $"{fixture.OutputDirectory}-{odd}.onnx";
        OnnxInputResizer.Write(ResNet18OnnxPackage.Model, resized, fixture.Network.InputNames[0], [1, 3, odd, odd]);
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(resized);
            var bgr = RandomImage(seed: 7, odd).Select(value => value - 115f).ToArray();
            var expected = OnnxRuntimeFeatures.Run(session, bgr, [1, 3, odd, odd]);
            // The imported stem reads RGB, so the same network input is fed with the channels reversed.
        var rgb = ReverseChannels(bgr, odd);
            using var model = LoadBase(fixture.OutputDirectory);
            var worst = expected.Zip(Features(model, rgb, odd), (e, a) => Math.Abs(e - a)).Max();

            var symmetricDirectory = WithConfig(fixture.OutputDirectory, config => config[ResNetConfig.AsymmetricStridedPaddingField] = false);
            using var symmetric = LoadBase(symmetricDirectory);
            var symmetricWorst = expected.Zip(Features(symmetric, rgb, odd), (e, a) => Math.Abs(e - a)).Max();
            Directory.Delete(symmetricDirectory, recursive: true);

            log.WriteLine($"{odd}x{odd}: max diff {worst:G3} with asymmetric_strided_padding, {symmetricWorst:G3} without");
            Assert.True(worst <= 1e-4, $"pooled features differ by up to {worst}");
            Assert.True(symmetricWorst > 1e-2, $"symmetric padding should not reproduce the graph at odd sizes (diff {symmetricWorst})");
        }
        finally
        {
            File.Delete(resized);
        }
    }

    [Fact]
    public void Import_ResNet18_ConfigHoldsTheGraphsStagesAndPreprocessingMeans()
    {
        var config = HfConfig.Load(Path.Combine(fixture.OutputDirectory, "config.json"));
        var resnet = ResNetConfig.From(config);
        var preprocessor = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.OutputDirectory, "preprocessor_config.json")))!.AsObject();

        Assert.Equal("resnet", config.ModelType);
        // Not torchvision's [2, 2, 2, 2]: this export has a third block in the last stage.
        Assert.Equal([2, 2, 2, 3], resnet.Depths);
        Assert.Equal([64, 128, 256, 512], resnet.HiddenSizes);
        Assert.Equal((64, "basic", false, true), (resnet.EmbeddingSize, resnet.LayerType, resnet.DownsampleInFirstStage, resnet.AsymmetricStridedPadding));
        Assert.Equal(ImportedResNet18Fixture.NumLabels, config.Labels.Count);
        // image_mean in RGB order (the package's mean image is stored BGR), in units of the 1/255 rescale.
        var mean = preprocessor["image_mean"]!.AsArray().Select(node => node!.GetValue<double>() * 255).ToArray();
        Assert.Equal([123.15, 115.90, 103.06], mean.Select(value => Math.Round(value, 2)));
        Assert.All(preprocessor["image_std"]!.AsArray(), node => Assert.Equal(1.0 / 255, node!.GetValue<double>(), 12));
        Assert.Equal(224, preprocessor["size"]!["height"]!.GetValue<int>());
        Assert.Contains("asymmetric_strided_padding true", fixture.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ignored", fixture.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_PerChannelMeanApproximation_KeepsFeaturesCloseToTheMeanImage()
    {
        using var model = LoadBase(fixture.OutputDirectory);
        var preprocessor = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.OutputDirectory, "preprocessor_config.json")))!.AsObject();
        var channelMean = preprocessor["image_mean"]!.AsArray().Select(node => (float)(node!.GetValue<double>() * 255)).ToArray();
        var (_, image) = TestImages().Last();
        var meanImage = fixture.Preprocessing.MeanInPixelOrder();

        var exact = Features(model, image.Zip(meanImage, (pixel, mean) => pixel - mean).ToArray(), Size);
        var approximate = Features(model, image.Select((pixel, i) => pixel - channelMean[i / (Size * Size)]).ToArray(), Size);

        var dot = exact.Zip(approximate, (a, b) => (double)a * b).Sum();
        var cosine = dot / Math.Sqrt(exact.Sum(a => (double)a * a) * approximate.Sum(b => (double)b * b));
        var relative = Math.Sqrt(exact.Zip(approximate, (a, b) => Math.Pow(a - b, 2)).Sum() / exact.Sum(a => (double)a * a));
        log.WriteLine($"per-channel mean vs mean image: cosine {cosine:F5}, relative L2 difference {relative:P2}");
        Assert.True(cosine > 0.99, $"cosine similarity {cosine}");
    }

    [Fact]
    public void Load_ImportedDirectory_LoadsThroughTheRegistryWithTheTasksLabels()
    {
        var warnings = new List<string>();
        using var model = PretrainedModelLoader.Load(fixture.OutputDirectory, labels: ["shirt", "shoe", "bag"], warn: warnings.Add);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        var output = model.forward(new ModelBatch(PixelValues: torch.randn(2, 3, 64, 64), Labels: torch.tensor(new long[] { 0, 2 })));

        Assert.IsType<ResNetForImageClassification>(model);
        Assert.Equal([2L, 3L], output.Logits.shape);
        Assert.True(float.IsFinite(output.Loss!.item<float>()));
        // The saved head has 10 labels; with 3 task labels only the head is re-initialised, the backbone loads as is.
        Assert.All(warnings, warning => Assert.Contains("classifier.1", warning, StringComparison.Ordinal));
    }

    [Fact]
    public void Forward_ImportedModelOnFashionMnistSize28_ThrowsInvalidInputNamingTheSizesThatWork()
    {
        using var model = LoadBase(fixture.OutputDirectory);

        // 28 -> 14 -> 7 reaches stage 1 odd, where the graph's own shortcut and main path disagree (4 vs 3).
        var error = Assert.Throws<InvalidInputException>(() => Features(model, new float[3 * 28 * 28], 28));

        Assert.Contains("pixel_values of 28x28", error.Message, StringComparison.Ordinal);
        Assert.Contains("multiple of 32", error.Message, StringComparison.Ordinal);
        Assert.Equal(512, Features(model, new float[3 * 32 * 32], 32).Length);
    }

    private static ResNetModel LoadBase(string directory)
    {
        var model = PretrainedModelLoader.Load(directory, warn: _ => { });
        model.eval();
        return (ResNetModel)model.named_children().Single(child => child.name == "resnet").module;
    }

    private static float[] Features(ResNetModel model, float[] pixels, int size)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return model.forward(torch.tensor(pixels, [1, 3, size, size])).flatten().data<float>().ToArray();
    }

    private static IEnumerable<(string Name, float[] Pixels)> TestImages()
    {
        yield return ("uniform noise", RandomImage(seed: 1, Size));
        // A smooth colour gradient with a bright square: closer to a photo than noise.
        var smooth = new float[3 * Size * Size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var square = x is > 60 and < 150 && y is > 80 and < 170 ? 90f : 0f;
                    smooth[(c * Size + y) * Size + x] = Math.Min(255f, (c == 0 ? x : c == 1 ? y : (x + y) / 2) * 0.8f + square + 20 * c);
                }
            }
        }
        yield return ("gradient with square", smooth);
    }

    private static float[] RandomImage(int seed, int size)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 3 * size * size).Select(_ => (float)random.Next(256)).ToArray();
    }

    private static float[] ReverseChannels(float[] pixels, int size)
    {
        var plane = size * size;
        var result = new float[pixels.Length];
        for (var c = 0; c < 3; c++)
        {
            Array.Copy(pixels, c * plane, result, (2 - c) * plane, plane);
        }
        return result;
    }

    private static string WithConfig(string source, Action<JsonObject> edit)
    {
        var copy = source + "-edited";
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        }
        var configPath = Path.Combine(copy, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        edit(config);
        File.WriteAllText(configPath, config.ToJsonString());
        return copy;
    }
}
