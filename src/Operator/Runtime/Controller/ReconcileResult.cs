namespace KubeTune.Operator.Runtime.Controller;

/// <summary>What a reconcile asks of the queue: nothing more (done), or another pass after a delay.</summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter = null)
{
    public static ReconcileResult Done { get; } = new();

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
