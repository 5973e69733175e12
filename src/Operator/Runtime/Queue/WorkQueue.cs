namespace KubeTune.Operator.Runtime.Queue;

/// <summary>
/// A deduplicating, rate-limited queue of object keys with client-go semantics: a key is queued at
/// most once, is handed to one worker at a time (a key added while it is processed is handed out
/// again after <see cref="Done"/>), and retries back off exponentially per key until <see cref="Forget"/>.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Lock gate = new();
    private readonly Queue<ObjectKey> ready = new();
    private readonly HashSet<ObjectKey> dirty = [];
    private readonly HashSet<ObjectKey> processing = [];
    private readonly Dictionary<ObjectKey, DelayedAdd> delayed = [];
    private readonly Dictionary<ObjectKey, int> failures = [];
    private readonly SemaphoreSlim available = new(0);
    private readonly CancellationTokenSource shutdown = new();
    private readonly TimeProvider time;
    private readonly WorkQueueOptions options;

    public WorkQueue(TimeProvider time, WorkQueueOptions? options = null)
    {
        this.time = time;
        this.options = options ?? new WorkQueueOptions();
        if (this.options.BaseDelay <= TimeSpan.Zero || this.options.MaxDelay < this.options.BaseDelay)
        {
            throw new ArgumentException("WorkQueueOptions: BaseDelay must be positive and MaxDelay at least BaseDelay", nameof(options));
        }
    }

    /// <summary>Keys waiting for a worker (not counting keys being processed or waiting on a delay).</summary>
    public int Depth
    {
        get
        {
            lock (gate)
            {
                return ready.Count;
            }
        }
    }

    public bool IsShuttingDown => shutdown.IsCancellationRequested;

    public void Add(ObjectKey key)
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested || !dirty.Add(key))
            {
                return;
            }

            if (processing.Contains(key))
            {
                return;
            }

            ready.Enqueue(key);
        }

        available.Release();
    }

    /// <summary>Adds the key once the delay has passed; an earlier pending delay for the same key wins.</summary>
    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var entry = new DelayedAdd(due);
            entry.Timer = time.CreateTimer(_ => FireDelayed(key, entry), null, delay, Timeout.InfiniteTimeSpan);
            delayed[key] = entry;
        }
    }

    /// <summary>Records a failure for the key and re-adds it after its backoff; returns that backoff.</summary>
    public TimeSpan AddRateLimited(ObjectKey key)
    {
        TimeSpan delay;
        lock (gate)
        {
            var count = failures.GetValueOrDefault(key) + 1;
            failures[key] = count;
            delay = BackoffFor(count);
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure history, so its next failure backs off from the base delay.</summary>
    public void Forget(ObjectKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public int Failures(ObjectKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for a key; null once the queue shuts down or the token is cancelled.</summary>
    public async Task<ObjectKey?> GetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        while (true)
        {
            try
            {
                await available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            if (linked.IsCancellationRequested)
            {
                // Woken and cancelled at once: leave the key for a worker that is still running.
                available.Release();
                return null;
            }

            lock (gate)
            {
                if (ready.TryDequeue(out var key))
                {
                    processing.Add(key);
                    dirty.Remove(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Marks the key's processing finished; a key added meanwhile is queued again.</summary>
    public void Done(ObjectKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (!dirty.Contains(key) || shutdown.IsCancellationRequested)
            {
                return;
            }

            ready.Enqueue(key);
        }

        available.Release();
    }

    public void ShutDown()
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            shutdown.Cancel();
            foreach (var entry in delayed.Values)
            {
                entry.Timer.Dispose();
            }

            delayed.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        shutdown.Dispose();
        available.Dispose();
    }

    private TimeSpan BackoffFor(int failureCount)
    {
        // Doubling past 2^40 overflows TimeSpan long before it matters; the cap applies first.
        var exponent = Math.Min(failureCount - 1, 40);
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private void FireDelayed(ObjectKey key, DelayedAdd entry)
    {
        lock (gate)
        {
            if (!delayed.TryGetValue(key, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            delayed.Remove(key);
            entry.Timer.Dispose();
        }

        Add(key);
    }
}
