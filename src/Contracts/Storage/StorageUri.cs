using System.Text.RegularExpressions;

namespace KubeTune.Contracts;

/// <summary>
/// The one parser of storage locations, for the operator and the trainer alike: pvc://CLAIM/PATH (CLAIM a DNS-1123
/// label), file:///ABSOLUTE/PATH, hf://ORG/NAME[@REVISION] and https://URL. Schemes are lower-case as written; no
/// location may contain a '..' or '.' segment. Path is the path inside the claim (pvc), the absolute path (file) or the
/// URL (https); Repository and Revision are for hf.
/// </summary>
public sealed partial record StorageUri(StorageScheme Scheme, string Original, string Path, string Claim = "", string Repository = "", string Revision = StorageUri.DefaultRevision)
{
    public const string DefaultRevision = "main";
    public const string PvcPrefix = "pvc://";
    public const string FilePrefix = "file://";
    public const string HuggingFacePrefix = "hf://";
    public const string HttpsPrefix = "https://";

    public bool IsPvc => Scheme == StorageScheme.Pvc;

    public bool IsFile => Scheme == StorageScheme.File;

    /// <summary>
    /// True when this location is <paramref name="other"/> or holds it: both on the same claim (pvc) or both file://,
    /// and this path a prefix of the other's on '/' segment boundaries (pvc://models holds pvc://models/bert, not pvc://models-2).
    /// Downloaded locations (hf://, https://) hold nothing.
    /// </summary>
    public bool Holds(StorageUri other)
    {
        if (Scheme != other.Scheme || !(IsPvc || IsFile) || (IsPvc && Claim != other.Claim))
        {
            return false;
        }

        var mine = Segments(Path);
        var theirs = Segments(other.Path);
        return mine.Length <= theirs.Length && mine.SequenceEqual(theirs.Take(mine.Length), StringComparer.Ordinal);
    }

    /// <summary>Parses <paramref name="text"/>; a bad location throws a <see cref="ContractException"/> naming <paramref name="field"/>.</summary>
    public static StorageUri Parse(string text, string field) =>
        TryParse(text, out var uri, out var problem) ? uri : throw new ContractException($"{field}: '{text}' {problem}");

    /// <summary>False with what is wrong ("has the unsupported scheme ftp://; use ...") when <paramref name="text"/> is not a location.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StorageUri? uri, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        uri = null;
        problem = text.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character" : Parse(text, out uri);
        return problem is null;
    }

    /// <summary>The problem with a location of a scheme not in <paramref name="allowed"/>, or null when it is allowed.</summary>
    public static string? SchemeProblem(StorageUri uri, IReadOnlyCollection<StorageScheme> allowed) =>
        allowed.Contains(uri.Scheme) ? null : $"'{uri.Original}' is not allowed here; use {Describe(allowed)}";

    public static string Describe(IEnumerable<StorageScheme> schemes) => string.Join(", ", schemes.Select(scheme => scheme switch
    {
        StorageScheme.Pvc => "pvc://CLAIM/PATH",
        StorageScheme.File => "file:///PATH",
        StorageScheme.HuggingFace => "hf://ORG/NAME[@REVISION]",
        _ => "https://URL",
    }));

    private static string? Parse(string text, out StorageUri? uri)
    {
        uri = null;
        if (text.StartsWith(PvcPrefix, StringComparison.Ordinal))
        {
            var rest = text[PvcPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var claim = slash < 0 ? rest : rest[..slash];
            if (claim.Length is 0 or > 63 || !Dns1123Label().IsMatch(claim))
            {
                return $"names the claim '{claim}', which is not a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters): expected pvc://CLAIM/PATH";
            }

            var path = slash < 0 ? "" : rest[(slash + 1)..];
            if (SegmentProblem(path) is { } bad)
            {
                return bad;
            }

            uri = new StorageUri(StorageScheme.Pvc, text, string.Join('/', Segments(path)), Claim: claim);
            return null;
        }

        if (text.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            var path = Uri.UnescapeDataString(text[FilePrefix.Length..]);
            if (!path.StartsWith('/') || Segments(path).Length == 0)
            {
                return "needs an absolute path: file:///PATH";
            }

            if (SegmentProblem(path) is { } bad)
            {
                return bad;
            }

            uri = new StorageUri(StorageScheme.File, text, "/" + string.Join('/', Segments(path)));
            return null;
        }

        if (text.StartsWith(HuggingFacePrefix, StringComparison.Ordinal))
        {
            var rest = text[HuggingFacePrefix.Length..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            var repository = at < 0 ? rest : rest[..at];
            var revision = at < 0 ? DefaultRevision : rest[(at + 1)..];
            if (!HubRepository().IsMatch(repository) || !HubRevision().IsMatch(revision) || revision.Split('/').Any(part => part is "." or ".."))
            {
                return "is not a hub repository: expected hf://ORG/NAME or hf://ORG/NAME@REVISION";
            }

            uri = new StorageUri(StorageScheme.HuggingFace, text, "", Repository: repository, Revision: revision);
            return null;
        }

        if (text.StartsWith(HttpsPrefix, StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0 || text.Any(char.IsWhiteSpace))
            {
                return "is not a valid https:// URL";
            }

            uri = new StorageUri(StorageScheme.Https, text, text);
            return null;
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator > 0 ? $"the unsupported scheme {text[..separator]}://" : "no scheme";
        return $"has {scheme}; use {Describe([StorageScheme.Pvc, StorageScheme.File, StorageScheme.HuggingFace, StorageScheme.Https])}";
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string? SegmentProblem(string path) =>
        Segments(path).Any(segment => segment is "." or "..") ? "must not contain '.' or '..' path segments" : null;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex HubRepository();

    [GeneratedRegex(@"^[A-Za-z0-9._/-]+$")]
    private static partial Regex HubRevision();
}
