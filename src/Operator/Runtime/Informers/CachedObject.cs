using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// One object in an informer's cache: kept as is, or packed into its UTF-8 JSON (about a quarter of the memory of the
/// object graph) and read back into a fresh copy on each access, so no caller can change what is cached; with the
/// informer's summary of it, when it keeps one, for readers of every object that must not unpack them all.
/// </summary>
public sealed class CachedObject<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly T? live;
    private readonly byte[]? json;

    private CachedObject(T? live, byte[]? json, string? resourceVersion, object? summary)
    {
        this.live = live;
        this.json = json;
        ResourceVersion = resourceVersion;
        Summary = summary;
    }

    public string? ResourceVersion { get; }

    public object? Summary { get; }

    public T Value => live ?? JsonSerializer.Deserialize<T>(json, KubernetesJsonOptions.Shared)
        ?? throw new InvalidOperationException($"a packed {typeof(T).Name} read back as null");

    public static CachedObject<T> Of(T item, bool pack, Func<T, object>? summarize = null) => pack
        ? new CachedObject<T>(null, JsonSerializer.SerializeToUtf8Bytes(item, KubernetesJsonOptions.Shared), item.Metadata?.ResourceVersion, summarize?.Invoke(item))
        : new CachedObject<T>(item, null, item.Metadata?.ResourceVersion, summarize?.Invoke(item));
}
