namespace KubeTune.Operator.Runtime.LeaderElection;

/// <summary>Leader election through a coordination.k8s.io/v1 Lease; only the holder reconciles.</summary>
public sealed record LeaderElectionOptions
{
    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = "kubetune-operator";

    /// <summary>The lease's namespace; empty means the operator's own (POD_NAMESPACE), else "default".</summary>
    public string LeaseNamespace { get; init; } = string.Empty;

    /// <summary>This replica's identity; empty means the pod name (POD_NAME), else hostname plus a random suffix.</summary>
    public string Identity { get; init; } = string.Empty;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
