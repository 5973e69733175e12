namespace KubeTune.Operator.Runtime.Controller;

/// <summary>How many keys are reconciled in parallel (never the same key twice at once).</summary>
public sealed record ControllerOptions
{
    public int Workers { get; init; } = 4;
}
