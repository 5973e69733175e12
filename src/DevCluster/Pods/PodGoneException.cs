namespace KubeTune.DevCluster.Pods;

/// <summary>The pod an execution reports to no longer exists.</summary>
internal sealed class PodGoneException : Exception;
