using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// One object in an informer's cache: kept as is, or packed into its compressed UTF-8 JSON (<see cref="PackedJson"/>,
/// about a tenth of the memory of the object graph) and read back into a fresh copy on each access, so no caller can change what is cached; with the
/// informer's summary of it, when it keeps one, for readers of every object that must not unpack them all.
/// </summary>
public sealed class CachedObject<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly T? live;
    private readonly byte[]? packed;

    private CachedObject(T? live, byte[]? packed, string? resourceVersion, object? summary)
    {
        this.live = live;
        this.packed = packed;
        ResourceVersion = resourceVersion;
        Summary = summary;
    }

    public string? ResourceVersion { get; }

    public object? Summary { get; }

    public T Value => live ?? PackedJson.Unpack<T>(packed!, KubernetesJsonOptions.Shared)
        ?? throw new InvalidOperationException($"a packed {typeof(T).Name} read back as null");

    public static CachedObject<T> Of(T item, bool pack, Func<T, object>? summarize = null) => pack
        ? new CachedObject<T>(null, PackedJson.Pack(item, KubernetesJsonOptions.Shared), item.Metadata?.ResourceVersion, summarize?.Invoke(item))
        : new CachedObject<T>(item, null, item.Metadata?.ResourceVersion, summarize?.Invoke(item));
}
