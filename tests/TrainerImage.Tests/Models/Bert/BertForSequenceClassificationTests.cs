using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Bert;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Bert;

public sealed class BertForSequenceClassificationTests : IDisposable
{
    private readonly HfReferenceFixture fixture = HfReferenceFixture.Open("bert");
    private readonly Dictionary<string, torch.Tensor> reference;
    private readonly ModelBatch batch;
    private readonly string scratch = Path.Combine(Path.GetTempPath(), $"kt-bert-test-{Guid.NewGuid():N}");

    public BertForSequenceClassificationTests()
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
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Forward_ReferenceBatch_MatchesTransformersLogitsAndLoss()
    {
        using var model = fixture.LoadModel();

        Assert.IsType<BertForSequenceClassification>(model);
        ClassifierConformance.AssertForwardMatches(fixture, model, batch, reference["logits"]);
    }

    [Fact]
    public void TrainThreeSteps_ReferenceBatch_ReproducesTransformersLossesGradNormsAndParameters()
    {
        using var model = fixture.LoadModel();

        ClassifierConformance.AssertThreeStepsMatch(fixture, model, batch);
    }

    [Fact]
    public void Load_FiveLabelsForThreeLabelCheckpoint_ReinitialisesClassifierWithWarning()
    {
        var warnings = new List<string>();
        string[] labels = ["negative", "somewhat negative", "neutral", "somewhat positive", "positive"];

        using var model = fixture.LoadModel(labels, warnings.Add);
        using var checkpoint = new DisposableTensors(SafetensorsFile.Read(Path.Combine(fixture.Directory, "model.safetensors")));
        var state = model.state_dict();

        Assert.Contains(warnings, message => message.Contains("classifier.weight", StringComparison.Ordinal));
        Assert.Equal([5L, 64L], state["classifier.weight"].shape);
        Assert.Equal([5L], state["classifier.bias"].shape);
        // The encoder keeps the pre-trained weights; only the head is new.
        TensorComparison.AssertClose(checkpoint.Tensors["bert.pooler.dense.weight"], state["bert.pooler.dense.weight"], 0, 0, "bert.pooler.dense.weight");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var output = model.forward(batch with { Labels = null });
        Assert.Equal([2L, 5L], output.Logits.shape);
        Assert.Null(output.Loss);
    }

    [Fact]
    public void SaveThenLoad_FineTunedModel_WritesHuggingFaceLayoutAndGivesSameLogits()
    {
        string[] labels = ["negative", "neutral", "positive"];
        using var model = fixture.LoadModel(labels);
        ReferenceAdamW.Run(model, batch, steps: 1);

        PretrainedModelSaver.Save(model, scratch, fixture.Directory);
        using var reloaded = PretrainedModelLoader.Load(scratch, warn: message => throw new InvalidOperationException(message));

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(scratch, "config.json")))!.AsObject();
        Assert.Equal("positive", config["id2label"]!["2"]!.GetValue<string>());
        Assert.Equal("BertForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal(
            SafetensorsFile.ReadNames(Path.Combine(fixture.Directory, "model.safetensors")).Order(StringComparer.Ordinal),
            SafetensorsFile.ReadNames(Path.Combine(scratch, "model.safetensors")).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(scratch, "tokenizer.json")));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        reloaded.eval();
        var trained = model.forward(batch).Logits;
        var fromDisk = reloaded.forward(batch).Logits;
        TensorComparison.AssertClose(trained, fromDisk, 0, 0, "logits after reload");
        Assert.False(torch.allclose(trained, reference["logits"], rtol: 0, atol: 1e-3), "one training step should have changed the logits");
    }

    [Fact]
    public void From_HiddenSizeNotMultipleOfHeads_ThrowsNamingBothFields()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Directory, "config.json")))!.AsObject();
        json["num_attention_heads"] = 5;

        var error = Assert.Throws<InvalidInputException>(() => BertConfig.From(new HfConfig(json, "bert/config.json")));

        Assert.Contains("bert/config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("num_attention_heads 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_LongerThanMaxPositions_ThrowsNamingLimit()
    {
        using var model = fixture.LoadModel();
        using var ids = torch.zeros(1, 129, dtype: torch.ScalarType.Int64);

        var error = Assert.Throws<InvalidInputException>(() => model.forward(new ModelBatch(InputIds: ids)));

        Assert.Contains("max_position_embeddings 128", error.Message, StringComparison.Ordinal);
    }
}
