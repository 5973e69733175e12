namespace KubeTune.Contracts.Tests.Storage;

public sealed class StorageUriTests
{
    [Theory]
    [InlineData("pvc://models/bert-tiny", StorageScheme.Pvc, "models", "bert-tiny")]
    [InlineData("pvc://models", StorageScheme.Pvc, "models", "")]
    [InlineData("pvc://data/sst2//train.jsonl/", StorageScheme.Pvc, "data", "sst2/train.jsonl")]
    [InlineData("file:///models/bert", StorageScheme.File, "", "/models/bert")]
    [InlineData("file:///data/my%20runs/out", StorageScheme.File, "", "/data/my runs/out")]
    [InlineData("hf://gpt2", StorageScheme.HuggingFace, "", "")]
    [InlineData("https://example.com/data/train.jsonl", StorageScheme.Https, "", "https://example.com/data/train.jsonl")]
    public void Parse_ValidLocation_SplitsSchemeClaimAndPath(string text, StorageScheme scheme, string claim, string path)
    {
        var uri = StorageUri.Parse(text, "spec.model.uri");

        Assert.Equal((scheme, claim, path, text), (uri.Scheme, uri.Claim, uri.Path, uri.Original));
    }

    [Fact]
    public void Parse_HfWithRevision_SplitsRepositoryAndRevision()
    {
        var uri = StorageUri.Parse("hf://meta-llama/Llama-3.2-1B@refs/pr/1", "model.uri");

        Assert.Equal((StorageScheme.HuggingFace, "meta-llama/Llama-3.2-1B", "refs/pr/1"), (uri.Scheme, uri.Repository, uri.Revision));
        Assert.Equal(StorageUri.DefaultRevision, StorageUri.Parse("hf://org/name", "model.uri").Revision);
    }

    // Each row was accepted by one of the two parsers the operator and the trainer used to have, or read differently by them.
    [Theory]
    [InlineData("pvc://", "is not a DNS-1123 label")]
    [InlineData("pvc://Models/x", "is not a DNS-1123 label")]
    [InlineData("pvc://../x", "is not a DNS-1123 label")]
    [InlineData("pvc://data/../etc", "must not contain '.' or '..'")]
    [InlineData("pvc://data/./x", "must not contain '.' or '..'")]
    [InlineData("file://relative", "needs an absolute path")]
    [InlineData("file:///", "needs an absolute path")]
    [InlineData("file:///data/%2e%2e/etc", "must not contain '.' or '..'")]
    [InlineData("PVC://models/x", "unsupported scheme PVC://")]
    [InlineData("http://example.com/model", "unsupported scheme http://")]
    [InlineData("s3://bucket/key", "unsupported scheme s3://")]
    [InlineData("models/bert", "has no scheme")]
    [InlineData("hf://", "is not a hub repository")]
    [InlineData("hf://org/name/extra", "is not a hub repository")]
    [InlineData("hf://org/name@../x", "is not a hub repository")]
    [InlineData("https://", "is not a valid https:// URL")]
    [InlineData("pvc://data/a\0b", "NUL")]
    public void Parse_BadLocation_ErrorNamesFieldAndProblem(string text, string problem)
    {
        var error = Assert.Throws<ContractException>(() => StorageUri.Parse(text, "spec.dataset.uri"));

        Assert.StartsWith($"spec.dataset.uri: '{text}' ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pvc://models", "pvc://models/bert", true)]
    [InlineData("pvc://models/bert", "pvc://models/bert", true)]
    [InlineData("pvc://models/bert/", "pvc://models//bert", true)]
    [InlineData("pvc://models/bert", "pvc://models/bert/config.json", true)]
    [InlineData("pvc://models/bert", "pvc://models/bert-2", false)]
    [InlineData("pvc://models/bert/x", "pvc://models/bert", false)]
    [InlineData("pvc://models/bert", "pvc://other/bert", false)]
    [InlineData("file:///data", "file:///data/train.jsonl", true)]
    [InlineData("file:///data", "file:///database", false)]
    [InlineData("file:///models/bert", "pvc://models/bert", false)]
    [InlineData("hf://org/bert", "hf://org/bert", false)]
    public void Holds_TwoLocations_ComparesClaimAndPathSegments(string outer, string inner, bool expected)
    {
        Assert.Equal(expected, StorageUri.Parse(outer, "a").Holds(StorageUri.Parse(inner, "b")));
    }

    [Theory]
    [InlineData("pvc://models/out", "pvc://models/out-checkpoints")]
    [InlineData("pvc://models/runs/bert/", "pvc://models/runs/bert-checkpoints")]
    [InlineData("pvc://models", "pvc://models/checkpoints")]
    [InlineData("file:///out/bert", "file:///out/bert-checkpoints")]
    public void CheckpointsUriFor_Output_IsTheSiblingFolderOnTheSameClaim(string output, string expected)
    {
        Assert.Equal(expected, WorkspaceLayout.CheckpointsUriFor(output));
    }

    [Fact]
    public void For_PvcOutput_MountsCheckpointsWhereCheckpointsUriPoints()
    {
        var layout = WorkspaceLayout.For("pvc://models/bert", "pvc://data/train.jsonl", null, "pvc://results/run");

        var checkpoints = Assert.Single(layout.Mounts, mount => mount.MountPath == TrainerPaths.Checkpoints);
        Assert.Equal(("results", "run-checkpoints"), (checkpoints.Claim, checkpoints.SubPath));
        Assert.Equal("pvc://results/run-checkpoints", layout.CheckpointsUri);
        Assert.Equal(TrainerPaths.Checkpoints, layout.Paths.CheckpointsPath);
    }
}
