namespace KubeTune.DevCluster.Jobs;

/// <summary>The action for a failed pod and, for a matched rule, Kubernetes' message naming the rule.</summary>
internal sealed record PodFailureVerdict(PodFailureAction Action, string? Message = null);
