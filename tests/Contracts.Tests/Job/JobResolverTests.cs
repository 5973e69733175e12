using System.Text.Json.Nodes;

namespace KubeTune.Contracts.Tests.Job;

public sealed class JobResolverTests
{
    private static TrainingSpec Minimal() => new()
    {
        Task = FineTuneTask.TextClassification,
        Model = new ModelSource { Uri = "pvc://models/bert-tiny" },
        Dataset = new DatasetSpec { Uri = "pvc://data/train.jsonl" },
        Output = new OutputSpec { Uri = "pvc://results/bert" },
    };

    [Fact]
    public void RenderJobFile_MinimalSpec_WritesEveryDefault()
    {
        var layout = WorkspaceLayout.For("pvc://models/bert-tiny", "pvc://data/train.jsonl", null, "pvc://results/bert");

        var json = JsonNode.Parse(JobResolver.RenderJobFile(new JobIdentity("ml", "bert"), Minimal(), layout.Paths))!;

        Assert.Equal(Defaults.LearningRate, (double)json["spec"]!["hyperparameters"]!["learningRate"]!);
        Assert.Equal(Defaults.Epochs, (int)json["spec"]!["hyperparameters"]!["epochs"]!);
        Assert.Equal(Defaults.Method, (string?)json["spec"]!["method"]!["type"]);
        Assert.Equal(Defaults.CheckpointEverySteps, (int)json["spec"]!["checkpoint"]!["everySteps"]!);
        Assert.Equal(Defaults.TextField, (string?)json["spec"]!["dataset"]!["fields"]!["text"]);
        Assert.Equal("/workspace/checkpoints", (string?)json["workspace"]!["checkpointsPath"]);
        Assert.Equal("pvc://results/bert-checkpoints", (string?)json["workspace"]!["checkpointsUri"]);
    }

    [Fact]
    public void Resolve_RenderedJobFile_EqualsResolvingTheSpecDirectly()
    {
        var spec = Minimal();
        spec.Method = new MethodSpec { Type = FineTuneMethod.Lora, Lora = new LoraSpec { R = 4 } };
        spec.Hyperparameters = new Hyperparameters { MaxSteps = 60, LearningRate = 2e-4 };
        spec.EarlyStopping = new EarlyStoppingSpec { Patience = 2 };
        var layout = WorkspaceLayout.For(spec.Model.Uri, spec.Dataset.Uri, null, spec.Output.Uri);

        var fromFile = JobResolver.Read(JobResolver.RenderJobFile(new JobIdentity("ml", "bert"), spec, layout.Paths), "job.json");
        var direct = JobResolver.Resolve(new JobDocument(new JobIdentity("ml", "bert"), spec, layout.Paths), "job.json");

        Assert.Equal(direct, fromFile);
        Assert.Equal(60, fromFile.Hyperparameters.MaxSteps);
        Assert.Equal(new LoraSection(4, Defaults.LoraAlpha, Defaults.LoraDropout, null), fromFile.Method.Lora);
        Assert.Equal(new EarlyStoppingSection(Defaults.EarlyStoppingMetric, 2), fromFile.EarlyStopping);
    }

    [Fact]
    public void Apply_SpecWithValues_KeepsThemAndLeavesTheInputUnchanged()
    {
        var spec = Minimal();
        spec.Hyperparameters = new Hyperparameters { BatchSize = 32 };

        var filled = JobDefaults.Apply(spec);

        Assert.Equal(32, filled.Hyperparameters!.BatchSize);
        Assert.Null(spec.Hyperparameters.LearningRate);
        Assert.Null(spec.Checkpoint);
    }

    [Fact]
    public void Resolve_InvalidSpec_ListsEveryProblemWithItsField()
    {
        var spec = Minimal();
        spec.Hyperparameters = new Hyperparameters { BatchSize = 0, Epochs = 2, MaxSteps = 5 };
        spec.Output.Uri = "hf://org/out";

        var error = Assert.Throws<ContractException>(() => JobResolver.Resolve(new JobDocument(new JobIdentity("", "x"), spec, null), "job.yaml"));

        Assert.Contains("field 'spec.hyperparameters.batchSize' must be at least 1 and at most 4096, got 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 'spec.hyperparameters.maxSteps' and epochs are both set", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 'spec.output.uri' 'hf://org/out' is not allowed here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JobFileWithStopAtStep_CarriesTheRungsEndBesideTheFullLength()
    {
        var spec = Minimal();
        spec.Hyperparameters = new Hyperparameters { MaxSteps = 90 };
        var layout = WorkspaceLayout.For(spec.Model.Uri, spec.Dataset.Uri, null, spec.Output.Uri);

        var config = JobResolver.Read(JobResolver.RenderJobFile(new JobIdentity("ml", "bert"), spec, layout.Paths, stopAtStep: 30), "job.json");

        Assert.Equal((30L, 90L), (config.StopAtStep, config.Hyperparameters.MaxSteps));
        Assert.Null(JobResolver.Read(JobResolver.RenderJobFile(new JobIdentity("ml", "bert"), spec, layout.Paths), "job.json").StopAtStep);
    }

    [Fact]
    public void Read_JobFileWithStopAtStepZero_NamesTheField()
    {
        var json = JobResolver.RenderJobFile(new JobIdentity("ml", "bert"), Minimal(), new WorkspacePaths(), stopAtStep: 0);

        var error = Assert.Throws<ContractException>(() => JobResolver.Read(json, "job.json"));

        Assert.Equal("job.json: field 'stopAtStep' must be at least 1, got 0", error.Message);
    }
}
