namespace KubeTune.Operator.Controllers.Builders;

/// <summary>A parsed model, dataset or output location: pvc://CLAIM/PATH, file:///PATH, hf://ORG/NAME[@REV] or https://...</summary>
public sealed record StorageUri(string Scheme, string Original, string Claim, string Path)
{
    public const string Pvc = "pvc";
    public const string File = "file";
    public const string HuggingFace = "hf";
    public const string Https = "https";

    public bool IsPvc => Scheme == Pvc;

    public bool IsFile => Scheme == File;

    /// <summary>The scheme of the text before "://", lower-cased, or null when there is none.</summary>
    public static string? SchemeOf(string text)
    {
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        return separator <= 0 ? null : text[..separator].ToLowerInvariant();
    }

    /// <summary>Splits the URI; claim is set for pvc:// only, path is the part after the claim (pvc) or the absolute path (file).</summary>
    public static StorageUri Parse(string text)
    {
        var scheme = SchemeOf(text) ?? throw new FormatException($"'{text}' has no scheme");
        var rest = text[(scheme.Length + 3)..];
        return scheme switch
        {
            Pvc => new StorageUri(scheme, text, rest.Split('/', 2)[0], rest.Contains('/', StringComparison.Ordinal) ? rest.Split('/', 2)[1].Trim('/') : string.Empty),
            File => new StorageUri(scheme, text, string.Empty, "/" + rest.TrimStart('/')),
            _ => new StorageUri(scheme, text, string.Empty, rest),
        };
    }
}
