using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>One watch event: an object change, a bookmark, or an Error carrying the server's Status.</summary>
public sealed record ResourceWatchEvent<T>(WatchEventType Type, T? Object, V1Status? Error = null)
{
    public static ResourceWatchEvent<T> Failed(V1Status status) => new(WatchEventType.Error, default, status);
}
