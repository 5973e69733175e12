using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KubeTune.Operator.Metrics;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// List-then-watch of one resource type into an in-memory cache keyed namespace/name. Relists when the
/// watch's resourceVersion is gone (410), reconnects with jittered exponential backoff after errors,
/// restarts a watch that has gone silent, and periodically hands every cached object to its handlers.
/// </summary>
public sealed class ResourceInformer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IResourceClient<T> client;
    private readonly InformerOptions options;
    private readonly OperatorMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<ObjectKey, CachedObject<T>> cache = new();
    private readonly ConcurrentDictionary<string, bool> syncedScopes = new();
    private readonly List<InformerEventHandler<T>> handlers = [];
    private readonly Lock handlersGate = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<T, T> trim;
    private readonly bool pack;
    private readonly Func<T, object>? summarize;
    private readonly Func<T, ObjectKey?>? indexBy;
    private readonly ConcurrentDictionary<ObjectKey, ConcurrentDictionary<ObjectKey, byte>> index = new();

    /// <param name="trim">Applied to every listed or watched object before it is cached (see <see cref="CacheTrim"/>); none by default.</param>
    /// <param name="pack">Cache each object as its JSON (see <see cref="CachedObject{T}"/>): for resources read one at a time, held by the thousand.</param>
    /// <param name="summarize">Kept with each cached object and read by <see cref="Summaries{TSummary}"/>: what readers of every object need, without unpacking them.</param>
    /// <param name="indexBy">Groups the cached objects by a key (a pod's FineTuneJob) for <see cref="ByIndex"/>, so a reader of one group does not scan them all.</param>
    public ResourceInformer(IResourceClient<T> client, InformerOptions options, OperatorMetrics metrics, TimeProvider time, ILogger<ResourceInformer<T>> logger, Func<T, T>? trim = null, bool pack = false, Func<T, object>? summarize = null, Func<T, ObjectKey?>? indexBy = null)
    {
        this.indexBy = indexBy;
        this.client = client;
        this.trim = trim ?? (item => item);
        this.pack = pack;
        this.summarize = summarize;
        this.options = options;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        if (options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            throw new ArgumentException("InformerOptions: InitialBackoff must be positive and MaxBackoff at least InitialBackoff", nameof(options));
        }

        if (options.WatchSilenceTimeout <= TimeSpan.Zero || options.WatchServerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("InformerOptions: WatchSilenceTimeout and WatchServerTimeout must be positive", nameof(options));
        }
    }

    public string Resource => client.Resource;

    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>Completes when the first list of every watched namespace has filled the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    public int Count => cache.Count;

    public void AddEventHandler(InformerEventHandler<T> handler)
    {
        lock (handlersGate)
        {
            handlers.Add(handler);
        }
    }

    public void AddEventHandler(Func<T, IEnumerable<ObjectKey>> keysOf, Action<ObjectKey> enqueue) =>
        AddEventHandler(new InformerEventHandler<T>(keysOf, enqueue));

    public T? Get(string ns, string name) => cache.TryGetValue(new ObjectKey(ns, name), out var cached) ? cached.Value : null;

    /// <summary>Whether the object is cached, without reading it back.</summary>
    public bool Contains(string ns, string name) => cache.ContainsKey(new ObjectKey(ns, name));

    /// <summary>The summary of every cached object, as the informer's summarize function made it.</summary>
    public IReadOnlyList<TSummary> Summaries<TSummary>()
        where TSummary : class =>
        summarize is null
            ? throw new InvalidOperationException($"the {Resource} informer keeps no summaries")
            : cache.Values.Select(cached => (TSummary)cached.Summary!).ToList();

    /// <summary>The cached objects, of one namespace or (null) all of them.</summary>
    public IReadOnlyList<T> List(string? ns = null) => List(ns, _ => true);

    /// <summary>The cached objects of one namespace (or all) whose key passes <paramref name="keyFilter"/>: only those are read back from a packed cache.</summary>
    public IReadOnlyList<T> List(string? ns, Func<ObjectKey, bool> keyFilter) =>
        cache.Where(entry => (ns is null || entry.Key.Namespace == ns) && keyFilter(entry.Key)).Select(entry => entry.Value.Value).ToList();

    public IReadOnlyCollection<ObjectKey> Keys => cache.Keys.ToList();

    /// <summary>How many index groups hold at least one object (an emptied group is dropped).</summary>
    internal int IndexGroups => index.Count;

    /// <summary>The cached objects whose index key (see the indexBy parameter) is <paramref name="indexKey"/>.</summary>
    public IReadOnlyList<T> ByIndex(ObjectKey indexKey)
    {
        if (indexBy is null)
        {
            throw new InvalidOperationException($"the {Resource} informer keeps no index");
        }

        return index.TryGetValue(indexKey, out var keys)
            ? [.. keys.Keys.Select(key => cache.TryGetValue(key, out var cached) ? cached.Value : null).OfType<T>()]
            : [];
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string?> scopes = options.Namespaces.Count == 0 ? [null] : options.Namespaces.Distinct().ToList<string?>();
        var loops = scopes.Select(scope => RunScopeAsync(scope, scopes.Count, cancellationToken)).ToList();
        loops.Add(RunResyncAsync(cancellationToken));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    public void Resync()
    {
        foreach (var cached in cache.Values)
        {
            Notify(cached.Value);
        }
    }

    private async Task RunScopeAsync(string? ns, int scopeCount, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var scope = ns ?? "*";
        string? resourceVersion = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await RelistAsync(ns, cancellationToken).ConfigureAwait(false);
                    if (syncedScopes.TryAdd(scope, true) && syncedScopes.Count == scopeCount)
                    {
                        synced.TrySetResult();
                    }
                }

                var started = time.GetTimestamp();
                var watch = await WatchAsync(ns, resourceVersion, cancellationToken).ConfigureAwait(false);
                resourceVersion = watch.ResourceVersion;
                metrics.RecordWatchRestart(Resource, watch.End.ToString().ToLowerInvariant());
                logger.LogDebug("Watch of {Resource} in {Scope} ended ({End}) after {Events} events", Resource, scope, watch.End, watch.Events);
                if (watch.End == WatchEnd.Gone)
                {
                    resourceVersion = null;
                }

                // A watch the server closes at once, again and again, must not turn into a hot loop.
                var quickEmptyClose = watch.Events == 0 && watch.End == WatchEnd.Closed && time.GetElapsedTime(started) < TimeSpan.FromSeconds(1);
                failures = quickEmptyClose ? failures + 1 : 0;
                if (quickEmptyClose)
                {
                    await DelayAsync(failures, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (KubernetesErrors.IsGone(e))
            {
                metrics.RecordWatchRestart(Resource, "gone");
                logger.LogInformation("Watch of {Resource} in {Scope}: resourceVersion {ResourceVersion} is gone; relisting", Resource, scope, resourceVersion);
                resourceVersion = null;
            }
            catch (Exception e)
            {
                failures++;
                metrics.RecordWatchRestart(Resource, "error");
                logger.LogWarning(e, "List/watch of {Resource} in {Scope} failed (attempt {Attempt}); retrying", Resource, scope, failures);
                try
                {
                    await DelayAsync(failures, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<string> RelistAsync(string? ns, CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(ns, cancellationToken).ConfigureAwait(false);
        var listed = new HashSet<ObjectKey>();
        foreach (var listedItem in list.Items)
        {
            var key = KeyOf(listedItem);
            listed.Add(key);
            if (cache.TryGetValue(key, out var old) && old.ResourceVersion == listedItem.Metadata.ResourceVersion)
            {
                // Unchanged since we cached it: keep the cached object and notify nobody.
                continue;
            }

            var item = trim(listedItem);
            var current = CachedObject<T>.Of(item, pack, summarize, indexBy);
            cache[key] = current;
            Reindex(key, old, current);
            Notify(item);
        }

        // Whatever was deleted while we were not watching is gone from the list: drop it and tell the handlers.
        foreach (var (key, cached) in cache)
        {
            if ((ns is null || key.Namespace == ns) && !listed.Contains(key) && cache.TryRemove(key, out _))
            {
                Reindex(key, cached, null);
                Notify(cached.Value);
            }
        }

        logger.LogInformation("Listed {Count} {Resource} in {Scope} at resourceVersion {ResourceVersion}", list.Items.Count, Resource, ns ?? "all namespaces", list.ResourceVersion);
        return list.ResourceVersion;
    }

    private async Task<WatchResult> WatchAsync(string? ns, string resourceVersion, CancellationToken cancellationToken)
    {
        using var silence = new CancellationTokenSource(options.WatchSilenceTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var events = 0;
        var serverTimeout = options.WatchServerTimeout * (1 + Random.Shared.NextDouble());
        try
        {
            await foreach (var change in client.WatchAsync(ns, resourceVersion, serverTimeout, linked.Token).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                silence.CancelAfter(options.WatchSilenceTimeout);
                events++;
                if (change.Type == WatchEventType.Error)
                {
                    if (change.Error?.Code == 410)
                    {
                        return new WatchResult(WatchEnd.Gone, resourceVersion, events);
                    }

                    throw new KubernetesException(change.Error ?? new V1Status { Message = "watch error without a status" });
                }

                if (change.Object is not { } item)
                {
                    continue;
                }

                resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
                Apply(change.Type, trim(item));
            }

            return new WatchResult(WatchEnd.Closed, resourceVersion, events);
        }
        catch (OperationCanceledException) when (silence.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Watch of {Resource} was silent for {Silence}; restarting it", Resource, options.WatchSilenceTimeout);
            return new WatchResult(WatchEnd.Silent, resourceVersion, events);
        }
    }

    private void Apply(WatchEventType type, T item)
    {
        switch (type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                var previous = cache.TryGetValue(KeyOf(item), out var cached) ? cached : null;
                var current = CachedObject<T>.Of(item, pack, summarize, indexBy);
                cache[KeyOf(item)] = current;
                Reindex(KeyOf(item), previous, current);
                Notify(item, previous);
                break;
            case WatchEventType.Deleted:
                if (cache.TryRemove(KeyOf(item), out var removed))
                {
                    Reindex(KeyOf(item), removed, null);
                }

                Notify(item);
                break;
            default:
                // Bookmarks only move the resourceVersion forward.
                break;
        }
    }

    private void Notify(T item, CachedObject<T>? previous = null)
    {
        InformerEventHandler<T>[] current;
        lock (handlersGate)
        {
            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            try
            {
                if (previous is not null && handler.Ignore is { } ignore && ignore(previous.Value, item))
                {
                    continue;
                }

                foreach (var key in handler.KeysOf(item))
                {
                    handler.Enqueue(key);
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "Event handler of {Resource} failed for {Key}", Resource, KeyOf(item));
            }
        }
    }

    // Moves an object between index groups when it is cached, changed or dropped, by the index keys computed when each
    // version was cached (nothing is unpacked); each namespace has one writer (its watch).
    private void Reindex(ObjectKey key, CachedObject<T>? previous, CachedObject<T>? current)
    {
        if (indexBy is null)
        {
            return;
        }

        var from = previous?.IndexKey;
        var to = current?.IndexKey;
        if (from == to && previous is not null)
        {
            return;
        }

        if (from is { } left && index.TryGetValue(left, out var group))
        {
            group.TryRemove(key, out _);
            if (group.IsEmpty)
            {
                index.TryRemove(new KeyValuePair<ObjectKey, ConcurrentDictionary<ObjectKey, byte>>(left, group));
            }
        }

        if (to is { } joined)
        {
            index.GetOrAdd(joined, _ => new ConcurrentDictionary<ObjectKey, byte>())[key] = 0;
        }
    }

    private async Task RunResyncAsync(CancellationToken cancellationToken)
    {
        if (options.ResyncPeriod <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ResyncPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Resync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private Task DelayAsync(int failures, CancellationToken cancellationToken)
    {
        // Full jitter between half and all of the exponential delay, so replicas do not reconnect in lockstep.
        var exponential = options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, options.MaxBackoff.Ticks);
        var jittered = TimeSpan.FromTicks((long)(capped * (0.5 + (Random.Shared.NextDouble() / 2))));
        return Task.Delay(jittered, time, cancellationToken);
    }

    private static ObjectKey KeyOf(T item) => new(item.Metadata?.NamespaceProperty ?? string.Empty, item.Metadata?.Name ?? string.Empty);
}
