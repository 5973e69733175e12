using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Storage;

/// <summary>
/// Downloads a repository snapshot from the Hugging Face hub (or a mirror at HF_ENDPOINT): the file list from
/// /api/{models|datasets}/REPO/revision/REV, each file from /[datasets/]REPO/resolve/REV/FILE, with HF_TOKEN as
/// bearer token, into CACHE/{models|datasets}--ORG--NAME/REV. A finished snapshot is marked and reused offline.
/// </summary>
public sealed class HuggingFaceHub
{
    public const string DefaultEndpoint = "https://huggingface.co";
    public const string CompleteMarker = ".kubetune-complete";

    // Weights in formats this trainer does not read; skipped so a snapshot is not many times larger than needed.
    private static readonly string[] SkippedExtensions = [".h5", ".msgpack", ".onnx", ".ot", ".tflite", ".gguf", ".mlmodel", ".onnx_data"];

    private readonly HttpClient http;
    private readonly ResumableDownloader downloader;

    public HuggingFaceHub(HttpClient http, string endpoint, string? token)
    {
        this.http = http;
        downloader = new ResumableDownloader(http);
        Endpoint = endpoint.TrimEnd('/');
        Token = string.IsNullOrEmpty(token) ? null : token;
    }

    public string Endpoint { get; }

    public string? Token { get; }

    /// <summary>The hub named by HF_ENDPOINT (default huggingface.co) with HF_TOKEN.</summary>
    public static HuggingFaceHub FromEnvironment(HttpClient http) =>
        new(http, Environment.GetEnvironmentVariable("HF_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : DefaultEndpoint, Environment.GetEnvironmentVariable("HF_TOKEN"));

    /// <summary>The local directory of the snapshot, downloaded (or resumed) when not complete yet.</summary>
    public async Task<string> DownloadAsync(StorageUri uri, HubRepositoryKind kind, string cacheRoot, CancellationToken cancellationToken)
    {
        var prefix = kind == HubRepositoryKind.Model ? "models" : "datasets";
        var directory = Path.Combine(cacheRoot, $"{prefix}--{string.Join("--", uri.Repository.Split('/'))}", Sanitize(uri.Revision));
        if (File.Exists(Path.Combine(directory, CompleteMarker)))
        {
            return directory;
        }

        var files = await ListFilesAsync(uri, kind, cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            var destination = Path.GetFullPath(Path.Combine(directory, file));
            if (!destination.StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidInputException($"{uri.Original}: the hub lists a file outside the repository: '{file}'");
            }

            var url = new Uri($"{Endpoint}/{(kind == HubRepositoryKind.Dataset ? "datasets/" : "")}{uri.Repository}/resolve/{Uri.EscapeDataString(uri.Revision)}/{EscapePath(file)}");
            await downloader.DownloadAsync(url, destination, Token, $"{uri.Original}: {file}", cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, CompleteMarker), string.Join('\n', files) + "\n", cancellationToken).ConfigureAwait(false);
        return directory;
    }

    private async Task<IReadOnlyList<string>> ListFilesAsync(StorageUri uri, HubRepositoryKind kind, CancellationToken cancellationToken)
    {
        var api = kind == HubRepositoryKind.Model ? "models" : "datasets";
        var url = new Uri($"{Endpoint}/api/{api}/{uri.Repository}/revision/{Uri.EscapeDataString(uri.Revision)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        ResumableDownloader.ThrowOnError(response, uri.Original, Token);
        JsonNode? info;
        try
        {
            info = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"{uri.Original}: the hub's file list at {url} is not JSON: {e.Message}", e);
        }

        var names = (info?["siblings"] as JsonArray ?? [])
            .Select(sibling => sibling?["rfilename"]?.GetValue<string>())
            .OfType<string>()
            .Where(name => name.Length > 0 && !name.StartsWith('.') && !SkippedExtensions.Any(ext => name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (kind == HubRepositoryKind.Model && names.Any(name => name.EndsWith(".safetensors", StringComparison.Ordinal)))
        {
            // PyTorch pickles duplicate the safetensors weights and cannot be read here anyway.
            names.RemoveAll(name => name.EndsWith(".bin", StringComparison.Ordinal) || name.EndsWith(".pt", StringComparison.Ordinal));
        }

        return names.Count > 0 ? names : throw new InvalidInputException($"{uri.Original}: the repository lists no files at revision '{uri.Revision}'");
    }

    private static string EscapePath(string file) => string.Join('/', file.Split('/').Select(Uri.EscapeDataString));

    private static string Sanitize(string revision) => string.Concat(revision.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
