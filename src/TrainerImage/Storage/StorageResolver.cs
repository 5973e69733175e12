using System.Security.Cryptography;
using System.Text;
using KubeTune.Trainer.Configuration;

namespace KubeTune.Trainer.Storage;

/// <summary>
/// Turns a config's URIs into local paths. pvc://: under --pvc-root when given, else the path the operator mounted
/// (job.json's workspace). file://: the path itself. hf:// and https://: downloaded into the cache directory.
/// Checkpoints go where job.json says, or outside a pod to the contract's checkpoints URI for the output.
/// </summary>
public sealed class StorageResolver
{
    private readonly ConfigLoadOptions options;
    private readonly HuggingFaceHub hub;
    private readonly ResumableDownloader downloader;

    public StorageResolver(ConfigLoadOptions options, HttpClient http, HuggingFaceHub? hub = null)
    {
        this.options = options;
        this.hub = hub ?? HuggingFaceHub.FromEnvironment(http);
        downloader = new ResumableDownloader(http);
    }

    public async Task<ResolvedPaths> ResolveAsync(TrainerConfig config, CancellationToken cancellationToken)
    {
        if (Parse(config.Model.Uri, "model.uri").Scheme == StorageScheme.Https)
        {
            throw new InvalidInputException($"{config.Source}: field 'model.uri': a model is a directory; use pvc://, file:// or hf:// instead of a single https:// file");
        }

        var workspace = config.Workspace;
        var model = await ResolveAsync(config.Model.Uri, workspace.ModelPath, "model.uri", HubRepositoryKind.Model, cancellationToken).ConfigureAwait(false);

        var dataset = await ResolveAsync(config.Dataset.Uri, workspace.DatasetPath, "dataset.uri", HubRepositoryKind.Dataset, cancellationToken).ConfigureAwait(false);
        var validation = config.Dataset.ValidationUri is { } validationUri
            ? await ResolveAsync(validationUri, workspace.ValidationPath, "dataset.validationUri", HubRepositoryKind.Dataset, cancellationToken).ConfigureAwait(false)
            : null;
        var output = await ResolveAsync(config.Output.Uri, workspace.OutputPath, "output.uri", HubRepositoryKind.Model, cancellationToken).ConfigureAwait(false);
        var checkpointsUri = workspace.CheckpointsUri ?? WorkspaceLayout.CheckpointsUriFor(config.Output.Uri);
        // In a pod the checkpoints are where the operator mounted them; elsewhere where their URI points.
        var checkpoints = options.PvcRoot is null && workspace.CheckpointsPath is { } mounted
            ? mounted
            : await ResolveAsync(checkpointsUri, null, "workspace.checkpointsUri", HubRepositoryKind.Model, cancellationToken).ConfigureAwait(false);
        return new ResolvedPaths(model, dataset, validation, checkpoints, output);
    }

    private static StorageUri Parse(string uri, string field)
    {
        try
        {
            return StorageUri.Parse(uri, field);
        }
        catch (ContractException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    /// <summary>The local path of one location; <paramref name="podPath"/> is where the operator placed it, if anywhere.</summary>
    public async Task<string> ResolveAsync(string uri, string? podPath, string field, HubRepositoryKind kind, CancellationToken cancellationToken)
    {
        var location = Parse(uri, field);
        switch (location.Scheme)
        {
            case StorageScheme.File:
                return location.Path;
            case StorageScheme.Pvc when options.PvcRoot is not null:
                return Path.Combine(Path.GetFullPath(options.PvcRoot), location.Claim, location.Path);
            case StorageScheme.Pvc when podPath is not null:
                return podPath;
            case StorageScheme.Pvc:
                throw new InvalidInputException($"{field}: '{uri}' names a PersistentVolumeClaim; outside a pod give --pvc-root DIR (the claim is then DIR/{location.Claim})");
            case StorageScheme.HuggingFace:
                return await hub.DownloadAsync(location, kind, CacheRoot(podPath), cancellationToken).ConfigureAwait(false);
            default:
                var url = new Uri(location.Path);
                var name = Path.GetFileName(url.AbsolutePath) is { Length: > 0 } file ? file : "download";
                var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri)))[..16];
                var destination = Path.Combine(CacheRoot(podPath), "https", key, name);
                await downloader.DownloadAsync(url, destination, null, $"{field}: {uri}", cancellationToken).ConfigureAwait(false);
                return destination;
        }
    }

    // In a pod the operator mounts a writable emptyDir at the location's path for downloads.
    private string CacheRoot(string? podPath) =>
        options.CacheDirectory
        ?? podPath
        ?? (Environment.GetEnvironmentVariable(TrainerEnvironment.CacheDirectory) is { Length: > 0 } cache ? cache : null)
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kubetune");
}
