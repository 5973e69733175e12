namespace KubeTune.Trainer.Models;

/// <summary>
/// How an output names its base model, as PEFT and transformers resolve it: the hub id for hf:// models (with the
/// revision when the URI names one), else the model folder's name (a pod mounts it at another path, so only the name travels).
/// </summary>
public sealed record BaseModelReference(string NameOrPath, string? Revision, bool IsHubId)
{
    private static readonly string[] ArchiveExtensions = [".tar.gz", ".tgz", ".tar", ".zip"];

    public static BaseModelReference From(string modelUri)
    {
        var uri = StorageUri.Parse(modelUri, "model.uri");
        if (uri.Scheme == StorageScheme.HuggingFace)
        {
            return new BaseModelReference(uri.Repository, uri.Original.Contains('@', StringComparison.Ordinal) ? uri.Revision : null, IsHubId: true);
        }

        var path = uri.Scheme == StorageScheme.Https ? new Uri(uri.Original).AbsolutePath : uri.Path;
        var name = path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? uri.Claim;
        var archive = ArchiveExtensions.FirstOrDefault(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
        return new BaseModelReference(archive is null ? name : name[..^archive.Length], null, IsHubId: false);
    }
}
