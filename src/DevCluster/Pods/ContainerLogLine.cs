namespace KubeTune.DevCluster.Pods;

/// <summary>One line of a container's log and when it was written (null for a line logged before times were kept).</summary>
public sealed record ContainerLogLine(DateTimeOffset? Time, string Text);
