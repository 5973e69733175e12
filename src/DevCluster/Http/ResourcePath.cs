namespace KubeTune.DevCluster.Http;

/// <summary>A parsed resource URL: /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]] or the /apis/{group}/{version} form.</summary>
internal sealed record ResourcePath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource, bool LegacyWatch)
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>Returns null when the segments are not a resource URL (discovery documents are handled elsewhere).</summary>
    public static ResourcePath? Parse(IReadOnlyList<string> segments)
    {
        string group;
        string version;
        IReadOnlyList<string> rest;
        if (segments.Count >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments.Skip(2).ToList());
        }
        else if (segments.Count >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments.Skip(3).ToList());
        }
        else
        {
            return null;
        }

        var legacyWatch = rest[0] == "watch";
        if (legacyWatch)
        {
            rest = rest.Skip(1).ToList();
        }

        string? ns = null;
        var isNamespaceSubresource = group.Length == 0 && rest.Count == 3 && NamespaceSubresources.Contains(rest[2]);
        if (rest.Count >= 3 && rest[0] == "namespaces" && !isNamespaceSubresource)
        {
            ns = rest[1];
            rest = rest.Skip(2).ToList();
        }

        return rest.Count switch
        {
            1 => new ResourcePath(group, version, ns, rest[0], null, null, legacyWatch),
            2 => new ResourcePath(group, version, ns, rest[0], rest[1], null, legacyWatch),
            3 => new ResourcePath(group, version, ns, rest[0], rest[1], rest[2], legacyWatch),
            _ => null,
        };
    }
}
