using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Import;

public sealed class ResNetRandomInitTests : IClassFixture<ImportedResNet18Fixture>, IDisposable
{
    private readonly ImportedResNet18Fixture imported;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kt-onnx-random-" + Guid.NewGuid().ToString("N"));

    public ResNetRandomInitTests(ImportedResNet18Fixture imported)
    {
        torch.set_num_threads(2);
        this.imported = imported;
        Assert.True(imported.ExitCode == 0, $"import-onnx exited {imported.ExitCode}: {imported.Error}");
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_RandomInit_WritesTheImportsTensorNamesAndShapesWithFreshValues()
    {
        var random = Import("random", seed: 42);

        var pretrained = SafetensorsCheckpoint.ReadDirectory(imported.OutputDirectory);
        var fresh = SafetensorsCheckpoint.ReadDirectory(random);
        Assert.Equal(pretrained.Keys.Order(StringComparer.Ordinal), fresh.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in pretrained)
        {
            Assert.True(tensor.shape.SequenceEqual(fresh[name].shape), $"{name}: shape [{string.Join(", ", fresh[name].shape)}], the import has [{string.Join(", ", tensor.shape)}]");
        }
        foreach (var name in pretrained.Keys.Where(name => name.EndsWith(".convolution.weight", StringComparison.Ordinal)))
        {
            Assert.False(pretrained[name].allclose(fresh[name]), $"{name}: the random init equals the ImageNet weights");
        }
        Assert.Equal(File.ReadAllText(Path.Combine(imported.OutputDirectory, "config.json")), File.ReadAllText(Path.Combine(random, "config.json")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(imported.OutputDirectory, "preprocessor_config.json")),
            File.ReadAllText(Path.Combine(random, "preprocessor_config.json")));
    }

    [Fact]
    public void Run_RandomInit_FollowsTransformersResNetInitAndTheSeed()
    {
        var first = SafetensorsCheckpoint.ReadDirectory(Import("first", seed: 42));
        var again = SafetensorsCheckpoint.ReadDirectory(Import("again", seed: 42));
        var other = SafetensorsCheckpoint.ReadDirectory(Import("other", seed: 43));

        const string conv = "resnet.encoder.stages.3.layers.0.layer.0.convolution.weight";
        var weights = first[conv];
        // kaiming normal, fan_out, relu: std = sqrt(2 / (512 * 3 * 3)) = 0.0208 over 1.2 M values.
        var expectedStd = Math.Sqrt(2.0 / (512 * 3 * 3));
        Assert.InRange(weights.std().item<float>(), expectedStd * 0.99, expectedStd * 1.01);
        Assert.InRange(weights.mean().item<float>(), -0.001, 0.001);
        Assert.True(first["resnet.embedder.embedder.normalization.weight"].eq(1).all().item<bool>(), "batch norm weights start at 1");
        Assert.True(first["resnet.embedder.embedder.normalization.bias"].eq(0).all().item<bool>(), "batch norm biases start at 0");
        Assert.True(weights.allclose(again[conv], rtol: 0, atol: 0), "the same seed gives the same weights");
        Assert.False(weights.allclose(other[conv]), "another seed gives other weights");
    }

    [Fact]
    public void Run_RandomInit_LoadsThroughTheModelLoaderWithEveryWeight()
    {
        var random = Import("loaded", seed: 7);
        var warnings = new List<string>();

        using var model = PretrainedModelLoader.Load(random, warn: warnings.Add);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = model.forward(new ModelBatch { PixelValues = torch.randn(2, 3, 64, 64) }).Logits;

        Assert.Equal([2L, ImportedResNet18Fixture.NumLabels], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>(), "a freshly initialised ResNet gives finite logits");
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("seed")]
    public void Run_RandomInitNotASeed_Exits2NamingTheOption(string seed)
    {
        var error = new StringWriter();

        var code = Program.Run(
            ["import-onnx", "--onnx", ResNet18OnnxPackage.Model, "--output", directory, "--random-init", seed], new StringWriter(), error);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"--random-init must be a seed from 0 to {long.MaxValue}, got '{seed}'", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory), "nothing is written for a bad seed");
    }

    private string Import(string name, long seed)
    {
        var output = Path.Combine(directory, name);
        var stdout = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(
            ["import-onnx", "--onnx", ResNet18OnnxPackage.Model, "--preprocess", ResNet18OnnxPackage.Preprocess, "--output", output,
             "--num-labels", $"{ImportedResNet18Fixture.NumLabels}", "--random-init", $"{seed}"],
            stdout,
            error);
        Assert.True(code == 0, $"import-onnx --random-init exited {code}: {error}");
        Assert.Contains($"random init (seed {seed})", stdout.ToString(), StringComparison.Ordinal);
        return output;
    }
}
