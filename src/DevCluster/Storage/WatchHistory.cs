namespace KubeTune.DevCluster.Storage;

/// <summary>The last N changes, so watches can resume from a resourceVersion; older ones answer 410 Gone.</summary>
internal sealed class WatchHistory(int limit)
{
    private readonly Queue<StoredEvent> _events = new();

    /// <summary>The highest resourceVersion no longer kept: a watch from below it has missed changes.</summary>
    public long CompactedThrough { get; private set; }

    public void Add(StoredEvent change)
    {
        _events.Enqueue(change);
        while (_events.Count > Math.Max(limit, 0))
        {
            CompactedThrough = _events.Dequeue().ResourceVersion;
        }
    }

    public IEnumerable<StoredEvent> After(long resourceVersion) => _events.Where(change => change.ResourceVersion > resourceVersion);

    public void Compact(long throughResourceVersion)
    {
        _events.Clear();
        CompactedThrough = Math.Max(CompactedThrough, throughResourceVersion);
    }
}
