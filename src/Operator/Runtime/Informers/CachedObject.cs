using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// One object in an informer's cache: kept as is, or packed into its compressed UTF-8 JSON (<see cref="PackedJson"/>,
/// about a quarter of the memory of the object graph) and read back into a fresh copy on each access, so no caller can
/// change what is cached; with what the informer derives from it once, when it is cached (its summary for readers of
/// every object, its index key), so that neither needs the object unpacked again.
/// </summary>
public sealed class CachedObject<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly T? live;
    private readonly byte[]? packed;

    private CachedObject(T? live, byte[]? packed, string? resourceVersion, object? summary, ObjectKey? indexKey)
    {
        this.live = live;
        this.packed = packed;
        ResourceVersion = resourceVersion;
        Summary = summary;
        IndexKey = indexKey;
    }

    public string? ResourceVersion { get; }

    public object? Summary { get; }

    public ObjectKey? IndexKey { get; }

    public T Value => live ?? PackedJson.Unpack<T>(packed!, KubernetesJsonOptions.Shared)
        ?? throw new InvalidOperationException($"a packed {typeof(T).Name} read back as null");

    public static CachedObject<T> Of(T item, bool pack, Func<T, object>? summarize = null, Func<T, ObjectKey?>? indexBy = null) =>
        new(pack ? null : item, pack ? PackedJson.Pack(item, KubernetesJsonOptions.Shared) : null, item.Metadata?.ResourceVersion, summarize?.Invoke(item), indexBy?.Invoke(item));
}
