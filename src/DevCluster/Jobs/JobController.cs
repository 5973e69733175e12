using System.Text.Json.Nodes;
using System.Threading.Channels;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Jobs;

/// <summary>
/// The batch/v1 Job controller of the development cluster: level-triggered, it watches Jobs and Pods in the store,
/// queues the key of every Job touched (deduplicated, one worker) and runs a <see cref="JobReconciler"/> pass for it.
/// </summary>
public sealed class JobController : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(1);

    private readonly JobReconciler _reconciler;
    private readonly TimeProvider _time;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _scheduled = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchSubscription _jobs;
    private readonly WatchSubscription _pods;
    private readonly Task[] _loops;

    public JobController(ClusterStore store, WorkloadOptions options, TimeProvider time)
    {
        _time = time;
        _reconciler = new JobReconciler(store, options, time);
        _jobs = store.Watch(GroupVersionResource.Jobs, null, new WatchRequest());
        _pods = store.Watch(GroupVersionResource.Pods, null, new WatchRequest());
        _loops = [Task.Run(() => WatchAsync(_jobs, OnJob)), Task.Run(() => WatchAsync(_pods, OnPod)), Task.Run(WorkAsync)];
    }

    /// <summary>The last error a reconcile pass threw (it is retried); null when none has.</summary>
    public Exception? LastError { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _jobs.Dispose();
        _pods.Dispose();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync(WatchSubscription subscription, Action<string, JsonObject> observe)
    {
        await foreach (var change in subscription.Events.ReadAllAsync(_stop.Token))
        {
            observe(change.Type, change.Object);
        }
    }

    private void OnJob(string eventType, JsonObject job)
    {
        if (eventType == WatchEvent.Deleted)
        {
            lock (_queued)
            {
                _reconciler.Forget(ObjectMetadata.Uid(job));
            }

            return;
        }

        Enqueue($"{ObjectMetadata.Namespace(job)}/{ObjectMetadata.Name(job)}");
    }

    private void OnPod(string eventType, JsonObject pod)
    {
        var owner = pod["metadata"]?["ownerReferences"] is JsonArray owners
            ? owners.OfType<JsonObject>().FirstOrDefault(reference => reference["kind"]?.GetValue<string>() == "Job" && reference["controller"]?.GetValue<bool>() == true)
            : null;
        if (owner?["name"]?.GetValue<string>() is { } jobName)
        {
            Enqueue($"{ObjectMetadata.Namespace(pod)}/{jobName}");
        }
    }

    private void Enqueue(string key)
    {
        lock (_queued)
        {
            if (_queued.Add(key))
            {
                _queue.Writer.TryWrite(key);
            }
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var key in _queue.Reader.ReadAllAsync(_stop.Token))
        {
            TimeSpan? again;
            lock (_queued)
            {
                _queued.Remove(key);
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                try
                {
                    again = _reconciler.Reconcile(key[..slash], key[(slash + 1)..]);
                }
                catch (Exception error) when (error is StatusException or InvalidOperationException or FormatException or ArgumentException)
                {
                    LastError = error;
                    again = RetryAfterError;
                }
            }

            if (again is { } delay)
            {
                Schedule(key, delay);
            }
        }
    }

    // One timer per key: a later request is dropped while an earlier one is pending.
    private void Schedule(string key, TimeSpan delay)
    {
        var due = _time.GetUtcNow() + delay;
        lock (_scheduled)
        {
            if (_scheduled.TryGetValue(key, out var pending) && pending <= due)
            {
                return;
            }

            _scheduled[key] = due;
        }

        _ = RequeueAsync(key, delay, due);
    }

    private async Task RequeueAsync(string key, TimeSpan delay, DateTimeOffset due)
    {
        try
        {
            await Task.Delay(delay, _time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_scheduled)
        {
            if (_scheduled.TryGetValue(key, out var pending) && pending == due)
            {
                _scheduled.Remove(key);
            }
        }

        Enqueue(key);
    }
}
