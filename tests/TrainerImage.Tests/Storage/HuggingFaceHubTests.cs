using System.Text;
using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tests.Data;

namespace KubeTune.Trainer.Tests.Storage;

public sealed class HuggingFaceHubTests : IDisposable
{
    private static readonly byte[] Weights = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();
    private static readonly byte[] ConfigJson = Encoding.UTF8.GetBytes("{\"model_type\": \"gpt2\"}");

    private readonly LocalHubServer server = new();
    private readonly TempDirectory cache = new();
    private readonly HttpClient http = new();

    public HuggingFaceHubTests()
    {
        server.AddModel("org/tiny", "main", new() { ["config.json"] = ConfigJson, ["model.safetensors"] = Weights, ["pytorch_model.bin"] = [1, 2, 3], ["onnx/model.onnx"] = [4] });
    }

    [Fact]
    public async Task DownloadAsync_PublicModel_WritesTheFilesOnceAndReusesTheSnapshot()
    {
        var hub = new HuggingFaceHub(http, server.Endpoint, token: null);

        var directory = await hub.DownloadAsync(StorageUri.Parse("hf://org/tiny", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None);
        var requests = server.Requests.Count;
        var again = await hub.DownloadAsync(StorageUri.Parse("hf://org/tiny@main", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None);

        Assert.Equal(Path.Combine(cache.Path, "models--org--tiny", "main"), directory);
        Assert.Equal(Weights, await File.ReadAllBytesAsync(Path.Combine(directory, "model.safetensors")));
        Assert.Equal(ConfigJson, await File.ReadAllBytesAsync(Path.Combine(directory, "config.json")));
        Assert.False(File.Exists(Path.Combine(directory, "pytorch_model.bin")), "pickled weights are skipped when safetensors exist");
        Assert.False(File.Exists(Path.Combine(directory, "onnx", "model.onnx")));
        Assert.Equal(directory, again);
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public async Task DownloadAsync_ConnectionDropsMidFile_ResumesWithRangeAndTheFileIsWhole()
    {
        server.DropTransfer("model.safetensors");
        var hub = new HuggingFaceHub(http, server.Endpoint, token: null);

        var directory = await hub.DownloadAsync(StorageUri.Parse("hf://org/tiny", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None);

        Assert.Equal(Weights, await File.ReadAllBytesAsync(Path.Combine(directory, "model.safetensors")));
        Assert.Contains(server.Requests, request => request.Path.EndsWith("/model.safetensors", StringComparison.Ordinal) && request.Range is { } range && range != "bytes=0-");
        Assert.Empty(Directory.GetFiles(directory, "*" + ResumableDownloader.IncompleteSuffix));
    }

    [Fact]
    public async Task DownloadAsync_IncompleteFileFromAnEarlierRun_AsksOnlyForTheRest()
    {
        var directory = Path.Combine(cache.Path, "models--org--tiny", "main");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "model.safetensors" + ResumableDownloader.IncompleteSuffix), Weights[..1000]);
        var hub = new HuggingFaceHub(http, server.Endpoint, token: null);

        await hub.DownloadAsync(StorageUri.Parse("hf://org/tiny", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None);

        Assert.Equal(Weights, await File.ReadAllBytesAsync(Path.Combine(directory, "model.safetensors")));
        Assert.Contains(server.Requests, request => request.Path.EndsWith("/model.safetensors", StringComparison.Ordinal) && request.Range == "bytes=1000-");
    }

    [Fact]
    public async Task DownloadAsync_GatedRepositoryWithoutToken_InputErrorAsksForHfToken()
    {
        server.RequiredToken = "hf_secret";
        var hub = new HuggingFaceHub(http, server.Endpoint, token: null);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => hub.DownloadAsync(StorageUri.Parse("hf://org/tiny", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None));

        Assert.Contains("hf://org/tiny", error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("HF_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_GatedRepositoryWithToken_SendsItAsBearerEverywhere()
    {
        server.RequiredToken = "hf_secret";
        var hub = new HuggingFaceHub(http, server.Endpoint, token: "hf_secret");

        var directory = await hub.DownloadAsync(StorageUri.Parse("hf://org/tiny", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(directory, "model.safetensors")));
        Assert.All(server.Requests, request => Assert.Equal("Bearer hf_secret", request.Authorization));
    }

    [Fact]
    public async Task DownloadAsync_UnknownRevision_InputErrorSaysNotFound()
    {
        var hub = new HuggingFaceHub(http, server.Endpoint, token: null);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => hub.DownloadAsync(StorageUri.Parse("hf://org/tiny@v9", "model.uri"), HubRepositoryKind.Model, cache.Path, CancellationToken.None));

        Assert.Contains("not found (404)", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cache.Path, "models--org--tiny", "v9")) && File.Exists(Path.Combine(cache.Path, "models--org--tiny", "v9", HuggingFaceHub.CompleteMarker)));
    }

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
        cache.Dispose();
    }
}
