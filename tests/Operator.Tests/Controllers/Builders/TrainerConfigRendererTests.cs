using System.Text.Json.Nodes;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Tests.Controllers.Builders;

public sealed class TrainerConfigRendererTests
{
    private static JsonNode Render(KubeTune.Operator.Api.V1Alpha1.FineTuneJob job)
    {
        var layout = WorkspaceLayout.For(job.Spec.Model.Uri, job.Spec.Dataset.Uri, job.Spec.Dataset.ValidationUri, job.Spec.Output.Uri);
        return JsonNode.Parse(TrainerConfigRenderer.Render(job, layout))!;
    }

    [Fact]
    public void Render_FullSpec_EverythingTheTrainerNeedsWithInPodPaths()
    {
        var config = Render(TestObjects.FineTuneJob());

        Assert.Equal("text-classification", (string?)config["task"]);
        Assert.Equal("/workspace/model", (string?)config["model"]!["path"]);
        Assert.Equal("pvc://models/bert-tiny", (string?)config["model"]!["uri"]);
        Assert.Equal("/workspace/data/train.jsonl", (string?)config["dataset"]!["path"]);
        Assert.Equal("/workspace/data/validation.jsonl", (string?)config["dataset"]!["validationPath"]);
        Assert.Equal("sentence", (string?)config["dataset"]!["fields"]!["text"]);
        Assert.Equal("lora", (string?)config["method"]!["type"]);
        Assert.Equal(8, (int?)config["method"]!["lora"]!["r"]);
        Assert.Equal(2e-4, (double?)config["hyperparameters"]!["learningRate"]);
        Assert.Equal(3, (int?)config["hyperparameters"]!["epochs"]);
        Assert.Equal(200, (int?)config["checkpoint"]!["everySteps"]);
        Assert.Equal("/workspace/checkpoints", (string?)config["checkpoint"]!["path"]);
        Assert.Equal("/workspace/output", (string?)config["output"]!["path"]);
        Assert.Equal("peft-adapter", (string?)config["output"]!["format"]);
        Assert.Equal("bert-sst2", (string?)config["job"]!["name"]);
    }

    [Fact]
    public void Render_MinimalSpec_DefaultsMethodAndOmitsAbsentSections()
    {
        var config = Render(TestObjects.FineTuneJob(change: spec =>
        {
            spec.Method = null;
            spec.Hyperparameters = null;
            spec.Checkpoint = null;
            spec.Dataset.ValidationUri = null;
            spec.Dataset.ValidationSplit = 0.1;
        }));

        Assert.Equal("full", (string?)config["method"]!["type"]);
        Assert.Equal(0.1, (double?)config["dataset"]!["validationSplit"]);
        Assert.Null(config["dataset"]!["validationPath"]);
        Assert.Null(config["earlyStopping"]);
        Assert.Equal("/workspace/checkpoints", (string?)config["checkpoint"]!["path"]);
    }

    [Fact]
    public void Render_SameSpec_SameBytes()
    {
        Assert.Equal(Render(TestObjects.FineTuneJob()).ToJsonString(), Render(TestObjects.FineTuneJob()).ToJsonString());
    }
}
