namespace KubeTune.DevCluster.Pods;

/// <summary>The container cannot be configured (a missing ConfigMap key, an unsupported field): the kubelet's CreateContainerConfigError.</summary>
public sealed class ContainerConfigException(string message) : Exception(message);
