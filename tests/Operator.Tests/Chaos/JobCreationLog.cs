using System.Collections.Concurrent;
using KubeTune.DevCluster.Storage;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>Every batch Job ever stored in a namespace, by name, read from the cluster's store (below the faults, never cut).</summary>
internal sealed class JobCreationLog : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> uidsByName = new(StringComparer.Ordinal);
    private readonly WatchSubscription watch;
    private readonly Task reader;
    private long changes;

    public JobCreationLog(ClusterStore store, string ns)
    {
        watch = store.Watch(GroupVersionResource.Jobs, ns, new WatchRequest());
        reader = Task.Run(ReadAsync);
    }

    /// <summary>How many Jobs were changed in any way so far (the operator's restarts wait on the cluster moving on).</summary>
    public long Changes => Interlocked.Read(ref changes);

    /// <summary>The distinct Job UIDs created under each name; more than one means a duplicate.</summary>
    public IReadOnlyDictionary<string, int> CreatedByName() => uidsByName.ToDictionary(pair => pair.Key, pair => pair.Value.Count, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        watch.Dispose();
        await reader;
    }

    private async Task ReadAsync()
    {
        await foreach (var change in watch.Events.ReadAllAsync())
        {
            if (change.Object["metadata"]?["name"]?.GetValue<string>() is { } name && change.Object["metadata"]?["uid"]?.GetValue<string>() is { } uid)
            {
                uidsByName.GetOrAdd(name, _ => new(StringComparer.Ordinal)).TryAdd(uid, 0);
                Interlocked.Increment(ref changes);
            }
        }
    }
}
