using k8s;
using k8s.Models;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Storage;

namespace KubeTune.Operator.Tests.Controllers.Search;

/// <summary>Watches the Jobs of a namespace and keeps the most that were active (not finished, not deleted) at once.</summary>
internal sealed class ActiveJobWatch : IDisposable
{
    private readonly WatchSubscription subscription;
    private readonly CancellationTokenSource stop = new();
    private readonly Dictionary<string, bool> active = new(StringComparer.Ordinal);
    private readonly Task reader;
    private int most;

    public ActiveJobWatch(DevClusterHost cluster, string ns)
    {
        subscription = cluster.Store.Watch(GroupVersionResource.Jobs, ns, new WatchRequest());
        reader = Task.Run(ReadAsync);
    }

    public int MostActive => Volatile.Read(ref most);

    public void Dispose()
    {
        stop.Cancel();
        subscription.Dispose();
        try
        {
            reader.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Cancelled: the watch is over.
        }

        stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await foreach (var change in subscription.Events.ReadAllAsync(stop.Token))
        {
            if (change.Type is not (WatchEvent.Added or WatchEvent.Modified or WatchEvent.Deleted))
            {
                continue;
            }

            var job = KubernetesJson.Deserialize<V1Job>(change.Object.ToJsonString());
            var finished = job.Status?.Conditions?.Any(condition => condition.Type is "Complete" or "Failed" && condition.Status == "True") == true;
            active[job.Metadata.Name] = change.Type != WatchEvent.Deleted && !finished;
            Volatile.Write(ref most, Math.Max(most, active.Values.Count(value => value)));
        }
    }
}
