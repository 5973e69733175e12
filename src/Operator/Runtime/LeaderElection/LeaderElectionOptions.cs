namespace KubeTune.Operator.Runtime.LeaderElection;

/// <summary>Leader election through a coordination.k8s.io/v1 Lease; only the holder reconciles.</summary>
// Settable, not init-only: the generated configuration binder (the native operator has no reflection) skips init-only properties.
public sealed record LeaderElectionOptions
{
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "kubetune-operator";

    /// <summary>The lease's namespace; empty means the operator's own (POD_NAMESPACE), else "default".</summary>
    public string LeaseNamespace { get; set; } = string.Empty;

    /// <summary>This replica's identity; empty means the pod name (POD_NAME), else hostname plus a random suffix.</summary>
    public string Identity { get; set; } = string.Empty;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
