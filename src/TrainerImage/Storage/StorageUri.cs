namespace KubeTune.Trainer.Storage;

/// <summary>
/// A parsed location: file:///PATH, pvc://CLAIM/PATH, hf://ORG/NAME[@REVISION] or https://URL.
/// Path is the file path (file), the path inside the claim (pvc) or the URL (https); Repository and Revision are for hf.
/// </summary>
public sealed record StorageUri(StorageScheme Scheme, string Original, string Path, string Claim = "", string Repository = "", string Revision = "main")
{
    public const string DefaultRevision = "main";

    /// <summary>Parses <paramref name="uri"/>; <paramref name="field"/> names the config field in errors.</summary>
    public static StorageUri Parse(string uri, string field)
    {
        if (uri.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = Uri.UnescapeDataString(uri["file://".Length..]);
            return path.StartsWith('/') && path.Length > 1
                ? new StorageUri(StorageScheme.File, uri, path)
                : throw Invalid(uri, field, "file:// needs an absolute path (file:///PATH)");
        }

        if (uri.StartsWith("pvc://", StringComparison.Ordinal))
        {
            var rest = uri["pvc://".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var claim = slash < 0 ? rest : rest[..slash];
            var path = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
            if (claim.Length == 0 || path.Split('/').Contains(".."))
            {
                throw Invalid(uri, field, "expected pvc://CLAIM/PATH with no '..'");
            }

            return new StorageUri(StorageScheme.Pvc, uri, path, Claim: claim);
        }

        if (uri.StartsWith("hf://", StringComparison.Ordinal))
        {
            var rest = uri["hf://".Length..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            var repository = (at < 0 ? rest : rest[..at]).Trim('/');
            var revision = at < 0 ? DefaultRevision : rest[(at + 1)..];
            var parts = repository.Split('/');
            if (parts.Length is < 1 or > 2 || parts.Any(part => part.Length == 0 || part is "." or "..") || revision.Length == 0)
            {
                throw Invalid(uri, field, "expected hf://ORG/NAME[@REVISION]");
            }

            return new StorageUri(StorageScheme.HuggingFace, uri, "", Repository: repository, Revision: revision);
        }

        if (uri.StartsWith("https://", StringComparison.Ordinal) || uri.StartsWith("http://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(uri, UriKind.Absolute, out _)
                ? new StorageUri(StorageScheme.Https, uri, uri)
                : throw Invalid(uri, field, "not a valid URL");
        }

        throw Invalid(uri, field, "expected file:///PATH, pvc://CLAIM/PATH, hf://ORG/NAME[@REVISION] or https://URL");
    }

    private static InvalidInputException Invalid(string uri, string field, string problem) =>
        new($"{field}: '{uri}': {problem}");
}
