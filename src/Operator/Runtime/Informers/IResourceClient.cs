using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>The two API calls an informer needs for one resource type: list, and watch from a resourceVersion.</summary>
public interface IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A short name for logs and metrics, e.g. "finetunejobs" or "jobs".</summary>
    string Resource { get; }

    /// <summary>Lists every object in the namespace (null: all namespaces).</summary>
    Task<ResourceList<T>> ListAsync(string? ns, CancellationToken cancellationToken);

    /// <summary>
    /// Streams changes after <paramref name="resourceVersion"/> until the server closes the watch. A watch
    /// whose resourceVersion is too old yields an Error event with status code 410 (or throws a 410 HttpOperationException).
    /// </summary>
    IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(string? ns, string resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken);
}
