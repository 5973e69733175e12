using System.Text.Json.Nodes;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Tests.Controllers.Builders;

public sealed class TrainerConfigRendererTests
{
    private static string RenderText(KubeTune.Operator.Api.V1Alpha1.FineTuneJob job)
    {
        var layout = WorkspaceLayout.For(job.Spec.Model.Uri, job.Spec.Dataset.Uri, job.Spec.Dataset.ValidationUri, job.Spec.Output.Uri);
        return TrainerConfigRenderer.Render(job, layout);
    }

    private static JsonNode Render(KubeTune.Operator.Api.V1Alpha1.FineTuneJob job) => JsonNode.Parse(RenderText(job))!;

    [Fact]
    public void Render_FullSpec_EverythingTheTrainerNeedsWithInPodPaths()
    {
        var config = Render(TestObjects.FineTuneJob());
        var spec = config["spec"]!;
        var workspace = config["workspace"]!;

        Assert.Equal("text-classification", (string?)spec["task"]);
        Assert.Equal("pvc://models/bert-tiny", (string?)spec["model"]!["uri"]);
        Assert.Equal("/workspace/model", (string?)workspace["modelPath"]);
        Assert.Equal("/workspace/data/train.jsonl", (string?)workspace["datasetPath"]);
        Assert.Equal("/workspace/data/validation.jsonl", (string?)workspace["validationPath"]);
        Assert.Equal("sentence", (string?)spec["dataset"]!["fields"]!["text"]);
        Assert.Equal("lora", (string?)spec["method"]!["type"]);
        Assert.Equal(8, (int?)spec["method"]!["lora"]!["r"]);
        Assert.Equal(2e-4, (double?)spec["hyperparameters"]!["learningRate"]);
        Assert.Equal(3, (int?)spec["hyperparameters"]!["epochs"]);
        Assert.Equal(200, (int?)spec["checkpoint"]!["everySteps"]);
        Assert.Equal("/workspace/checkpoints", (string?)workspace["checkpointsPath"]);
        Assert.Equal("/workspace/output", (string?)workspace["outputPath"]);
        Assert.Equal("peft-adapter", (string?)spec["output"]!["format"]);
        Assert.Equal("bert-sst2", (string?)config["job"]!["name"]);
        Assert.Null(spec["resources"]);
    }

    [Fact]
    public void Render_MinimalSpec_WritesEveryDefaultAndTheCheckpointLocation()
    {
        var config = Render(TestObjects.FineTuneJob(change: spec =>
        {
            spec.Method = null;
            spec.Hyperparameters = null;
            spec.Checkpoint = null;
            spec.Dataset.ValidationUri = null;
            spec.Dataset.ValidationSplit = 0.1;
        }));
        var spec = config["spec"]!;

        Assert.Equal(Defaults.Method, (string?)spec["method"]!["type"]);
        Assert.Equal(Defaults.LearningRate, (double?)spec["hyperparameters"]!["learningRate"]);
        Assert.Equal(Defaults.BatchSize, (int?)spec["hyperparameters"]!["batchSize"]);
        Assert.Equal(Defaults.CheckpointKeep, (int?)spec["checkpoint"]!["keep"]);
        Assert.Equal(0.1, (double?)spec["dataset"]!["validationSplit"]);
        Assert.Null(config["workspace"]!["validationPath"]);
        Assert.Null(spec["earlyStopping"]);
        Assert.Equal("/workspace/checkpoints", (string?)config["workspace"]!["checkpointsPath"]);
        Assert.Equal("pvc://models/bert-sst2-checkpoints", (string?)config["workspace"]!["checkpointsUri"]);
    }

    [Fact]
    public void Render_Output_IsReadBackByTheContractAsTheSameJob()
    {
        var job = TestObjects.FineTuneJob();

        var config = JobResolver.Read(RenderText(job), "job.json");

        Assert.Equal(new JobIdentity("team-a", "bert-sst2"), config.Job);
        Assert.Equal(2e-4, config.Hyperparameters.LearningRate);
        Assert.Equal(job.Spec.Output.Uri, config.Output.Uri);
        Assert.Equal("/workspace/output", config.Workspace.OutputPath);
    }

    [Fact]
    public void Render_SameSpec_SameBytes()
    {
        Assert.Equal(RenderText(TestObjects.FineTuneJob()), RenderText(TestObjects.FineTuneJob()));
    }
}
