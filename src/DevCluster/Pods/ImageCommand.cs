namespace KubeTune.DevCluster.Pods;

/// <summary>
/// How a container image runs locally: <paramref name="Command"/> stands in for the image's entrypoint (a pod's
/// <c>command</c> replaces it, a pod's <c>args</c> are appended); <paramref name="WorkingDir"/>, when set, is the
/// process's working directory instead of the pod's own directory.
/// </summary>
public sealed record ImageCommand(IReadOnlyList<string> Command, string? WorkingDir = null);
