namespace KubeTune.DevCluster.Pods;

/// <summary>One volume mount of a container: the host file or folder that appears at <paramref name="MountPath"/>.</summary>
public sealed record VolumeBinding(string MountPath, string HostPath, bool ReadOnly);
