namespace KubeTune.DevCluster.Pods;

/// <summary>How a container run ended: exit code, terminated reason, and the disruption that caused it, if any.</summary>
internal sealed record ContainerExit(int ExitCode, string Reason, string? Message = null, PodFate? Disruption = null);
