namespace KubeTune.Operator.Runtime.Queue;

/// <summary>A pending <see cref="WorkQueue.AddAfter"/>: when it is due and the timer that fires it.</summary>
internal sealed class DelayedAdd(DateTimeOffset due)
{
    public DateTimeOffset Due { get; } = due;

    public ITimer Timer { get; set; } = null!;
}
