namespace KubeTune.DevCluster.Pods;

/// <summary>How the dev cluster's kubelet runs a pod's container.</summary>
public enum ContainerRuntimeKind
{
    /// <summary>A local process from the image mapping (<see cref="Jobs.WorkloadOptions.ImageCommands"/>); mount paths are rewritten to host folders.</summary>
    Processes,

    /// <summary>A real container from the pod's image with podman (runc), its volumes bind-mounted; see <see cref="PodmanOptions"/>.</summary>
    Podman,
}
