using System.Text;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tests.Configuration;
using KubeTune.Trainer.Tests.Data;

namespace KubeTune.Trainer.Tests.Storage;

public sealed class StorageResolverTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly LocalHubServer server = new();
    private readonly HttpClient http;

    // Downloads of https:// locations reach the plain-HTTP test server through a handler that rewrites the scheme.
    public StorageResolverTests() => http = new HttpClient(new LoopbackRedirect(new Uri(server.Endpoint)));

    [Fact]
    public async Task ResolveAsync_PvcOutsideAPod_MapsUnderThePvcRoot()
    {
        var config = Config("pvc://models/bert-tiny", "pvc://data/sst2/train.jsonl", "pvc://models/out/sst2");
        var resolver = new StorageResolver(new ConfigLoadOptions(PvcRoot: root.Path), http, Hub(null));

        var paths = await resolver.ResolveAsync(config, CancellationToken.None);

        Assert.Equal(Path.Combine(root.Path, "models", "bert-tiny"), paths.ModelDirectory);
        Assert.Equal(Path.Combine(root.Path, "data", "sst2/train.jsonl"), paths.DatasetPath);
        Assert.Equal(Path.Combine(root.Path, "models", "out/sst2"), paths.OutputDirectory);
        Assert.Equal(Path.Combine(root.Path, "models", "out/sst2-checkpoints"), paths.CheckpointsDirectory);
    }

    [Fact]
    public void Resolve_WholeClaimAsOutput_RefusedBeforeAnythingIsResolved()
    {
        var error = Assert.Throws<ContractException>(() => Config("file:///models/bert", "file:///data/x.jsonl", "pvc://results"));

        Assert.Contains("field 'spec.output.uri' 'pvc://results' is the root of claim results", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_PvcInAPod_UsesTheOperatorsPaths()
    {
        var config = Config("pvc://models/bert-tiny", "pvc://data/sst2/train.jsonl", "pvc://models/out", new WorkspacePaths
        {
            ModelPath = "/workspace/model",
            DatasetPath = "/workspace/data/train.jsonl",
            CheckpointsPath = "/workspace/checkpoints",
            OutputPath = "/workspace/output",
        });
        var resolver = new StorageResolver(new ConfigLoadOptions(), http, Hub(null));

        var paths = await resolver.ResolveAsync(config, CancellationToken.None);

        Assert.Equal(new ResolvedPaths("/workspace/model", "/workspace/data/train.jsonl", null, "/workspace/checkpoints", "/workspace/output"), paths);
    }

    [Fact]
    public async Task ResolveAsync_PvcWithoutRootOutsideAPod_InputErrorNamesTheOption()
    {
        var resolver = new StorageResolver(new ConfigLoadOptions(), http, Hub(null));

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => resolver.ResolveAsync(Config("pvc://models/bert", "file:///data/x.jsonl", "file:///out"), CancellationToken.None));

        Assert.Contains("model.uri", error.Message, StringComparison.Ordinal);
        Assert.Contains("--pvc-root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_HfModelAndHttpsDataset_DownloadsIntoTheCache()
    {
        server.AddModel("org/tiny", "v1", new() { ["config.json"] = Encoding.UTF8.GetBytes("{}") });
        server.AddDataset("org/rows", "main", new() { ["train.jsonl"] = Encoding.UTF8.GetBytes("{\"text\": \"a\"}\n") });
        var cache = Path.Combine(root.Path, "cache");
        var resolver = new StorageResolver(new ConfigLoadOptions(CacheDirectory: cache), http, Hub(null));

        var paths = await resolver.ResolveAsync(Config("hf://org/tiny@v1", $"https://{LoopbackRedirect.Host}/datasets/org/rows/resolve/main/train.jsonl", "file:///tmp/out"), CancellationToken.None);
        var hfDataset = await resolver.ResolveAsync("hf://org/rows", null, "dataset.uri", HubRepositoryKind.Dataset, CancellationToken.None);

        Assert.Equal(Path.Combine(cache, "models--org--tiny", "v1"), paths.ModelDirectory);
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(paths.ModelDirectory, "config.json")));
        Assert.StartsWith(Path.Combine(cache, "https"), paths.DatasetPath, StringComparison.Ordinal);
        Assert.Equal("train.jsonl", Path.GetFileName(paths.DatasetPath));
        Assert.Equal("{\"text\": \"a\"}\n", await File.ReadAllTextAsync(paths.DatasetPath));
        Assert.True(File.Exists(Path.Combine(hfDataset, "train.jsonl")));
        Assert.Equal("/tmp/out-checkpoints", paths.CheckpointsDirectory);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        root.Dispose();
    }

    private HuggingFaceHub Hub(string? token) => new(http, server.Endpoint, token);

    private static TrainerConfig Config(string model, string dataset, string output, WorkspacePaths? workspace = null) =>
        TestConfigs.Resolve(FineTuneTask.TextClassification, model, dataset, output, workspace: workspace);
}
