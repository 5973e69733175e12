namespace KubeTune.Operator.Progress;

/// <summary>Per job: one status write at a time, when the last one began, what it wrote, and the timer of a deferred write.</summary>
internal sealed class JobWriteState
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public DateTimeOffset? LastWrite { get; set; }

    public long WrittenSequence { get; set; }

    public ITimer? Pending { get; set; }
}
