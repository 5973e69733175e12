using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Storage;

using KubeTune.Trainer.Tests.Configuration;

namespace KubeTune.Trainer.Tests.Storage;

public sealed class UserUriMapperTests
{
    [Theory]
    // In a pod: the operator mounts the output at /workspace/output and PATH-checkpoints on the same claim at /workspace/checkpoints.
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/checkpoints/checkpoint-24", "pvc://models/runs/bert-checkpoints/checkpoint-24")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/checkpoints", "pvc://models/runs/bert-checkpoints")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/output", "pvc://models/runs/bert")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/output/", "pvc://models/runs/bert")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/output/adapter_model.safetensors", "pvc://models/runs/bert/adapter_model.safetensors")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/checkpoints/../output", "pvc://models/runs/bert")]
    [InlineData("pvc://models/runs/bert/", "/workspace/output/", "/workspace/checkpoints/", null, "/workspace/checkpoints/checkpoint-3", "pvc://models/runs/bert-checkpoints/checkpoint-3")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/workspace/outputs-old", "file:///workspace/outputs-old")]
    [InlineData("pvc://models/runs/bert", "/workspace/output", "/workspace/checkpoints", null, "/tmp/elsewhere", "file:///tmp/elsewhere")]
    // The whole claim as output: checkpoints go to CLAIM/checkpoints.
    [InlineData("pvc://models", "/workspace/output", "/workspace/checkpoints", null, "/workspace/checkpoints/checkpoint-3", "pvc://models/checkpoints/checkpoint-3")]
    [InlineData("pvc://models", "/workspace/output", "/workspace/checkpoints", null, "/workspace/output", "pvc://models")]
    // The development cluster rewrites the pod paths to host folders; the config's paths still say where each mount is.
    [InlineData("pvc://models/out", "/home/u/claims/models/out", "/home/u/claims/models/out-checkpoints", null, "/home/u/claims/models/out-checkpoints/checkpoint-1", "pvc://models/out-checkpoints/checkpoint-1")]
    // Locally with --pvc-root DIR: DIR/CLAIM/REST is pvc://CLAIM/REST; the pod paths are not used.
    [InlineData("pvc://models/out", null, null, "/srv/pvc", "/srv/pvc/models/out-checkpoints/checkpoint-2", "pvc://models/out-checkpoints/checkpoint-2")]
    [InlineData("pvc://models/out", null, null, "/srv/pvc/", "/srv/pvc/models/out", "pvc://models/out")]
    [InlineData("pvc://models/out", null, null, "/srv/pvc", "/srv/pvc/models", "pvc://models")]
    [InlineData("pvc://models/out", null, null, "/srv/pvc", "/srv/pvc", "file:///srv/pvc")]
    [InlineData("pvc://models/out", null, null, "/srv/pvc", "/srv/pvc/../elsewhere/out", "file:///srv/elsewhere/out")]
    [InlineData("pvc://models/out", "/workspace/output", "/workspace/checkpoints", "/srv/pvc", "/workspace/output", "file:///workspace/output")]
    // file:// outputs: the absolute path, whatever the operator rendered.
    [InlineData("file:///data/out", null, null, null, "/data/out-checkpoints/checkpoint-5", "file:///data/out-checkpoints/checkpoint-5")]
    [InlineData("file:///data/out", "/data/out", "/workspace/checkpoints", null, "/workspace/checkpoints/checkpoint-5", "file:///workspace/checkpoints/checkpoint-5")]
    [InlineData("file:///data/my%20runs/out", null, null, null, "/data/my runs/out", "file:///data/my%20runs/out")]
    [InlineData("file:///data/out", null, null, "/srv/pvc", "/data/out", "file:///data/out")]
    public void UriOf_ResolvedLocalPath_IsTheLocationInTheUsersTerms(string outputUri, string? outputPodPath, string? checkpointPodPath, string? pvcRoot, string localPath, string expected)
    {
        var mapper = new UserUriMapper(outputUri, new WorkspacePaths { OutputPath = outputPodPath, CheckpointsPath = checkpointPodPath, CheckpointsUri = WorkspaceLayout.CheckpointsUriFor(outputUri) }, pvcRoot);

        Assert.Equal(expected, mapper.UriOf(localPath));
    }

    [Theory]
    [InlineData("/data/50% off #1?/out")]
    [InlineData("/data/plain/out")]
    public void FileUri_PathWithUriCharacters_ParsesBackToThePath(string path)
    {
        var uri = UserUriMapper.FileUri(path);

        Assert.StartsWith("file:///", uri, StringComparison.Ordinal);
        Assert.Equal(path, StorageUri.Parse(uri, "output.uri").Path);
    }

    [Fact]
    public void For_RenderedPodConfig_MapsTheMountsOfTheConfigsOutputClaim()
    {
        var layout = WorkspaceLayout.For("pvc://models/bert-tiny", "pvc://data/train.jsonl", null, "pvc://results/sst2");
        var config = TestConfigs.Resolve(FineTuneTask.TextClassification, "pvc://models/bert-tiny", "pvc://data/train.jsonl", "pvc://results/sst2", workspace: layout.Paths);

        var mapper = UserUriMapper.For(config, new ConfigLoadOptions());

        Assert.Equal("pvc://results/sst2-checkpoints/checkpoint-200", mapper.UriOf("/workspace/checkpoints/checkpoint-200"));
        Assert.Equal("pvc://results/sst2", mapper.UriOf("/workspace/output"));
    }
}
