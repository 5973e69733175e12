namespace KubeTune.Operator.Runtime.Queue;

/// <summary>Per-key retry delays: BaseDelay * 2^(failures-1), capped at MaxDelay.</summary>
public sealed record WorkQueueOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);
}
