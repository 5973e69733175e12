namespace KubeTune.Operator.Runtime;

/// <summary>The identity of a namespaced object, written "namespace/name" like client-go's cache keys.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>Parses "namespace/name"; a key without a slash is cluster-scoped (empty namespace).</summary>
    public static ObjectKey Parse(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new ObjectKey(string.Empty, key);
        }

        if (slash == key.Length - 1 || key.IndexOf('/', slash + 1) >= 0)
        {
            throw new FormatException($"object key '{key}' must be 'namespace/name'");
        }

        return new ObjectKey(key[..slash], key[(slash + 1)..]);
    }
}
