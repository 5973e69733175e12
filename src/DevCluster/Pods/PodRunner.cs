using System.Text.Json.Nodes;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// The development cluster's kubelet: every new pod, whoever created it, is run by a <see cref="PodExecution"/>
/// (a local process for mapped images, a scripted fate, or an image pull failure); deleting the pod stops it.
/// </summary>
public sealed class PodRunner : IAsyncDisposable
{
    private readonly ClusterStore _store;
    private readonly PodRunnerContext _context;
    private readonly Dictionary<string, PodExecution> _executions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchSubscription _pods;
    private readonly Task _loop;

    public PodRunner(ClusterStore store, WorkloadOptions options, IReadOnlyDictionary<string, ImageCommand> commands, PodScripts scripts, string podsDirectory, TimeProvider time, Auth.ProjectedTokenWriter? tokens = null)
    {
        _store = store;
        _context = new PodRunnerContext(options, commands, scripts, podsDirectory, time) { Tokens = tokens };
        Directory.CreateDirectory(podsDirectory);
        _pods = store.Watch(GroupVersionResource.Pods, null, new WatchRequest());
        _loop = Task.Run(WatchAsync);
    }

    /// <summary>The folder holding every pod's directory: <c>NAMESPACE/POD/</c>.</summary>
    public string PodsDirectory => _context.PodsDirectory;

    /// <summary>The pod's own directory: the process's working directory unless its image mapping names one.</summary>
    public string PodDirectory(string ns, string name) => _context.PodDirectory(ns, name);

    /// <summary>The clock the kubelet stamps log lines with.</summary>
    public TimeProvider Time => _context.Time;

    /// <summary>The file receiving the pod's container stdout and stderr.</summary>
    public string LogPath(string ns, string name) => Path.Combine(PodDirectory(ns, name), PodRunnerContext.LogFileName);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _pods.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        List<PodExecution> running;
        lock (_executions)
        {
            running = [.. _executions.Values];
            _executions.Clear();
        }

        foreach (var execution in running)
        {
            execution.Stop(_context.Options.ShutdownGracePeriod);
        }

        await Task.WhenAll(running.Select(execution => execution.Completion));
        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        await foreach (var change in _pods.Events.ReadAllAsync(_stop.Token))
        {
            Observe(change.Type, change.Object);
        }
    }

    private void Observe(string eventType, JsonObject pod)
    {
        var uid = ObjectMetadata.Uid(pod);
        lock (_executions)
        {
            _executions.TryGetValue(uid, out var execution);
            if (eventType == WatchEvent.Deleted)
            {
                execution?.Stop();
                _executions.Remove(uid);
            }
            else if (eventType is WatchEvent.Added or WatchEvent.Modified && ObjectMetadata.IsDeleting(pod))
            {
                execution?.Stop();
            }
            else if (eventType is WatchEvent.Added or WatchEvent.Modified && execution is null && !IsFinished(pod))
            {
                _executions[uid] = new PodExecution(_store, pod, _context);
            }
        }
    }

    private static bool IsFinished(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed";
}
