using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.ResNet;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.ResNet;

public sealed class ResNetForImageClassificationTests : IDisposable
{
    private readonly HfReferenceFixture fixture = HfReferenceFixture.Open("resnet");
    private readonly Dictionary<string, torch.Tensor> reference;
    private readonly ModelBatch batch;

    public ResNetForImageClassificationTests()
    {
        torch.set_num_threads(2);
        reference = fixture.ReadTensors("reference.safetensors");
        batch = ModelBatch.FromTensors(reference);
    }

    public void Dispose()
    {
        foreach (var tensor in reference.Values)
        {
            tensor.Dispose();
        }
    }

    [Fact]
    public void Forward_ReferenceBatchInEvalMode_MatchesTransformersLogitsAndLoss()
    {
        using var model = fixture.LoadModel();

        Assert.IsType<ResNetForImageClassification>(model);
        ClassifierConformance.AssertForwardMatches(fixture, model, batch, reference["logits"]);
    }

    [Fact]
    public void TrainThreeSteps_BatchNormInTrainingMode_ReproducesTransformersLossesParametersAndRunningStats()
    {
        using var model = fixture.LoadModel();

        // after_3_steps.safetensors holds the batch-norm buffers too (running_mean, running_var, num_batches_tracked).
        Assert.Contains("resnet.embedder.embedder.normalization.num_batches_tracked", SafetensorsFile.ReadNames(Path.Combine(fixture.Directory, "after_3_steps.safetensors")));
        ClassifierConformance.AssertThreeStepsMatch(fixture, model, batch);
    }

    [Fact]
    public void Create_BottleneckConfig_HasHuggingFaceNamesAndShapes()
    {
        var json = new JsonObject
        {
            ["model_type"] = "resnet",
            ["layer_type"] = "bottleneck",
            ["embedding_size"] = 8,
            ["hidden_sizes"] = new JsonArray(16, 32),
            ["depths"] = new JsonArray(2, 1),
            ["num_labels"] = 3,
        };

        using var model = ModelRegistry.Default.Create(new HfConfig(json, "resnet50-like/config.json"));
        var shapes = model.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.shape);

        Assert.Equal([8L, 3L, 7L, 7L], shapes["resnet.embedder.embedder.convolution.weight"]);
        // First block: 8 -> 16 channels, so a projection shortcut; inside, 1x1 reduce to 16/4, 3x3, 1x1 expand.
        Assert.Equal([16L, 8L, 1L, 1L], shapes["resnet.encoder.stages.0.layers.0.shortcut.convolution.weight"]);
        Assert.Equal([4L, 8L, 1L, 1L], shapes["resnet.encoder.stages.0.layers.0.layer.0.convolution.weight"]);
        Assert.Equal([4L, 4L, 3L, 3L], shapes["resnet.encoder.stages.0.layers.0.layer.1.convolution.weight"]);
        Assert.Equal([16L, 4L, 1L, 1L], shapes["resnet.encoder.stages.0.layers.0.layer.2.convolution.weight"]);
        Assert.DoesNotContain("resnet.encoder.stages.0.layers.1.shortcut.convolution.weight", shapes.Keys);
        Assert.Equal([32L, 16L, 1L, 1L], shapes["resnet.encoder.stages.1.layers.0.shortcut.convolution.weight"]);
        Assert.Equal([3L, 32L], shapes["classifier.1.weight"]);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var output = model.forward(new ModelBatch(PixelValues: torch.rand(2, 3, 32, 32), Labels: torch.tensor(new long[] { 0, 2 })));
        Assert.Equal([2L, 3L], output.Logits.shape);
        Assert.True(float.IsFinite(output.Loss!.item<float>()));
    }

    [Fact]
    public void Forward_PixelValuesWithWrongChannelCount_ThrowsInvalidInput()
    {
        using var model = fixture.LoadModel();
        using var scope = torch.NewDisposeScope();

        var error = Assert.Throws<InvalidInputException>(() => model.forward(new ModelBatch(PixelValues: torch.rand(1, 1, 32, 32))));

        Assert.Contains("num_channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_DepthsAndHiddenSizesOfDifferentLength_ThrowsNamingBothFields()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Directory, "config.json")))!.AsObject();
        json["depths"] = new JsonArray(1, 1, 1);

        var error = Assert.Throws<InvalidInputException>(() => ResNetConfig.From(new HfConfig(json, "resnet/config.json")));

        Assert.Contains("hidden_sizes (2 entries) and depths (3 entries)", error.Message, StringComparison.Ordinal);
    }
}
