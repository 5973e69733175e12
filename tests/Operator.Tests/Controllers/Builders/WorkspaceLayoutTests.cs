using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Tests.Controllers.Builders;

public sealed class WorkspaceLayoutTests
{
    [Theory]
    [InlineData("pvc://datasets/sst2/train.jsonl", "pvc://datasets/sst2/validation.jsonl", "/workspace/data/train.jsonl", "/workspace/data/validation.jsonl", "datasets", "sst2")]
    [InlineData("pvc://images/flowers/train", "pvc://images/flowers/val", "/workspace/data/train", "/workspace/data/val", "images", "flowers")]
    [InlineData("pvc://datasets/train.jsonl", null, "/workspace/data/train.jsonl", null, "datasets", "")]
    [InlineData("pvc://data/a/train.csv", "pvc://other/b/val.csv", "/workspace/data/train.csv", "/workspace/validation/val.csv", "data", "a")]
    public void For_PvcDatasets_MountsDirectoryAndResolvesFiles(string dataset, string? validation, string datasetPath, string? validationPath, string claim, string subPath)
    {
        var layout = WorkspaceLayout.For("pvc://models/bert", dataset, validation, "pvc://models/out");

        Assert.Equal(datasetPath, layout.DatasetPath);
        Assert.Equal(validationPath, layout.ValidationPath);
        var dataMount = Assert.Single(layout.Mounts, mount => mount.MountPath == TrainerPaths.Data);
        Assert.Equal(new WorkspaceMount(TrainerPaths.Data, claim, subPath, ReadOnly: true), dataMount);
    }

    [Fact]
    public void For_PvcModelAndOutput_ModelReadOnlyOutputAndCheckpointsWritableOnTheOutputClaim()
    {
        var layout = WorkspaceLayout.For("pvc://models/bert-tiny", "pvc://datasets/sst2/train.jsonl", null, "pvc://results/bert-sst2");

        Assert.Equal(TrainerPaths.Model, layout.ModelPath);
        Assert.Equal(TrainerPaths.Output, layout.OutputPath);
        Assert.Equal(TrainerPaths.Checkpoints, layout.CheckpointsPath);
        Assert.Contains(new WorkspaceMount(TrainerPaths.Model, "models", "bert-tiny", ReadOnly: true), layout.Mounts);
        Assert.Contains(new WorkspaceMount(TrainerPaths.Output, "results", "bert-sst2", ReadOnly: false), layout.Mounts);
        Assert.Contains(new WorkspaceMount(TrainerPaths.Checkpoints, "results", "bert-sst2-checkpoints", ReadOnly: false), layout.Mounts);
    }

    [Fact]
    public void For_FileUris_PathsUsedAsTheyAreWithoutMounts()
    {
        var layout = WorkspaceLayout.For("file:///models/bert", "file:///data/train.jsonl", "file:///data/val.jsonl", "file:///out/bert");

        Assert.Equal("/models/bert", layout.ModelPath);
        Assert.Equal("/data/train.jsonl", layout.DatasetPath);
        Assert.Equal("/data/val.jsonl", layout.ValidationPath);
        Assert.Equal("/out/bert", layout.OutputPath);
        Assert.Equal("/out/bert-checkpoints", layout.CheckpointsPath);
        Assert.Empty(layout.Mounts);
    }

    [Theory]
    [InlineData("hf://google-bert/bert-base-uncased")]
    [InlineData("https://example.com/models/bert.tar")]
    public void For_DownloadedModel_WritableScratchAtTheModelPath(string model)
    {
        var layout = WorkspaceLayout.For(model, "pvc://datasets/train.jsonl", null, "pvc://models/out");

        Assert.Equal(TrainerPaths.Model, layout.ModelPath);
        Assert.Contains(new WorkspaceMount(TrainerPaths.Model, string.Empty, string.Empty, ReadOnly: false), layout.Mounts);
    }
}
