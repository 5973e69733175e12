using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

/// <summary>An IResourceClient whose lists the test queues up and whose watches the test feeds event by event.</summary>
internal sealed class ScriptedResourceClient<T> : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Channel<Func<ResourceList<T>>> lists = Channel.CreateUnbounded<Func<ResourceList<T>>>();
    private readonly Channel<ScriptedWatch<T>> watches = Channel.CreateUnbounded<ScriptedWatch<T>>();
    private int listCalls;

    public string Resource => "pods";

    public int ListCalls => Volatile.Read(ref listCalls);

    public void EnqueueList(string resourceVersion, params T[] items) =>
        lists.Writer.TryWrite(() => new ResourceList<T>(items, resourceVersion));

    public void EnqueueListFailure(Exception error) => lists.Writer.TryWrite(() => throw error);

    /// <summary>The next watch the informer opens, once it opens it.</summary>
    public Task<ScriptedWatch<T>> NextWatchAsync() => watches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async Task<ResourceList<T>> ListAsync(string? ns, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref listCalls);
        var next = await lists.Reader.ReadAsync(cancellationToken);
        return next();
    }

    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(string? ns, string resourceVersion, TimeSpan serverTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watch = new ScriptedWatch<T>(ns, resourceVersion);
        watches.Writer.TryWrite(watch);
        await foreach (var change in watch.Events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return change;
        }
    }
}
