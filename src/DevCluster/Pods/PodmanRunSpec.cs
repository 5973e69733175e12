namespace KubeTune.DevCluster.Pods;

/// <summary>
/// Everything <c>podman run</c> needs for one container: its name, image, the pod's command (replacing the image
/// entrypoint, null keeps it) and args, environment, working directory, securityContext and volume mounts.
/// </summary>
public sealed record PodmanRunSpec(
    string Name,
    string Image,
    string Hostname,
    IReadOnlyList<string>? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDir,
    ContainerSecurity Security,
    IReadOnlyList<VolumeBinding> Mounts);
