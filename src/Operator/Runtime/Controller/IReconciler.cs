namespace KubeTune.Operator.Runtime.Controller;

/// <summary>
/// Brings one object to its desired state. Level-triggered: it is told only which object to look at,
/// never why. Throwing requeues the key with per-key exponential backoff; returning resets that backoff.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken ct);
}
