using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Jobs;

/// <summary>
/// Kubernetes' TTL-after-finished controller: a Job with <c>spec.ttlSecondsAfterFinished</c> is deleted (its pods
/// follow by garbage collection) that many seconds after its Complete or Failed condition turned True.
/// Time comes from the cluster's <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class TtlAfterFinishedController : IAsyncDisposable
{
    private readonly ClusterStore _store;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchSubscription _jobs;
    private readonly Dictionary<string, DateTimeOffset> _scheduled = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public TtlAfterFinishedController(ClusterStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _jobs = store.Watch(GroupVersionResource.Jobs, null, new WatchRequest());
        _loop = Task.Run(WatchAsync);
    }

    /// <summary>When the finished Job expires, or null when it has no TTL or has not finished.</summary>
    public static DateTimeOffset? ExpiresAt(JsonObject job)
    {
        if (JsonNumbers.Long(job["spec"]?["ttlSecondsAfterFinished"]) is not { } seconds || job["status"] is not JsonObject status)
        {
            return null;
        }

        var finished = new[] { JobConditions.Complete, JobConditions.Failed }
            .Where(type => JobConditions.IsTrue(status, type))
            .Select(type => JobConditions.Find(status, type))
            .FirstOrDefault();
        if (finished?["lastTransitionTime"]?.GetValue<string>() is not { } text
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finishedAt))
        {
            return null;
        }

        return finishedAt + TimeSpan.FromSeconds(Math.Max(0, seconds));
    }

    /// <summary>Finished Jobs waiting for their TTL: <c>namespace/name</c> and when they will be deleted.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Pending
    {
        get
        {
            lock (_scheduled)
            {
                return new Dictionary<string, DateTimeOffset>(_scheduled, StringComparer.Ordinal);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _jobs.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        await foreach (var change in _jobs.Events.ReadAllAsync(_stop.Token))
        {
            if (change.Type is WatchEvent.Added or WatchEvent.Modified)
            {
                Check(ObjectMetadata.Namespace(change.Object), ObjectMetadata.Name(change.Object));
            }
        }
    }

    // Deletes the Job if it has expired, or schedules another look for when it will.
    private void Check(string ns, string name)
    {
        var job = _store.TryGet(GroupVersionResource.Jobs, ns, name);
        if (job is null || ObjectMetadata.IsDeleting(job) || ExpiresAt(job) is not { } expires)
        {
            return;
        }

        if (expires > _time.GetUtcNow())
        {
            Schedule(ns, name, expires);
            return;
        }

        try
        {
            _store.Delete(GroupVersionResource.Jobs, ns, name, PropagationPolicy.Background, ObjectMetadata.Uid(job));
        }
        catch (StatusException error) when (error.Code is 404 or 409)
        {
            // Already gone, or replaced by a new Job of that name (it gets its own look).
        }
    }

    // The timer starts under the lock, so a test that sees the Job in Pending knows the clock is being watched.
    private void Schedule(string ns, string name, DateTimeOffset expires)
    {
        var key = $"{ns}/{name}";
        lock (_scheduled)
        {
            if (_scheduled.TryGetValue(key, out var pending) && pending == expires)
            {
                return;
            }

            _scheduled[key] = expires;
            var delay = expires - _time.GetUtcNow();
            _ = CheckLaterAsync(ns, name, key, expires, delay > TimeSpan.FromMilliseconds(1) ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    private async Task CheckLaterAsync(string ns, string name, string key, DateTimeOffset expires, TimeSpan delay)
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
            if (!_scheduled.TryGetValue(key, out var pending) || pending != expires)
            {
                return;
            }

            _scheduled.Remove(key);
        }

        Check(ns, name);
    }
}
