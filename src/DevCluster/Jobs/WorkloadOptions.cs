using KubeTune.DevCluster.Pods;

namespace KubeTune.DevCluster.Jobs;

/// <summary>How the development cluster runs Jobs and pods (see <see cref="DevClusterOptions.RunJobs"/>).</summary>
public sealed record WorkloadOptions
{
    /// <summary>Images that run as local processes, by exact image reference; these win over <see cref="ImageCommandsFile"/>.</summary>
    public Dictionary<string, ImageCommand> ImageCommands { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A YAML or JSON file mapping images to local commands: <c>IMAGE: {command: [...], workingDir: DIR}</c>.</summary>
    public string? ImageCommandsFile { get; init; }

    /// <summary>How pods run: local processes from the image mapping (the default), or real containers with podman.</summary>
    public ContainerRuntimeKind ContainerRuntime { get; init; } = ContainerRuntimeKind.Processes;

    /// <summary>With <see cref="ContainerRuntimeKind.Podman"/>: how podman is called.</summary>
    public PodmanOptions Podman { get; init; } = new();

    /// <summary>Scripted fates by image, e.g. <c>["test/fail-twice"] = ["exit:1", "exit:1", "exit:0"]</c> (see <see cref="PodFate"/>).</summary>
    public Dictionary<string, IReadOnlyList<string>> ImageScripts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Where each pod gets a directory (working directory and container.log); null picks a fresh temporary folder.</summary>
    public string? PodsDirectory { get; init; }

    /// <summary>
    /// Gives process pods their configMap, secret, emptyDir, hostPath and persistentVolumeClaim volumes as host folders
    /// (see <see cref="HostVolumes"/>), with mount paths in args, env and JSON config files mapped to them; off by default.
    /// </summary>
    public bool HostVolumes { get; init; }

    /// <summary>With <see cref="HostVolumes"/> or the podman runtime: the folder holding one folder per claim; null means PODS_DIRECTORY/pvc.</summary>
    public string? ClaimsDirectory { get; init; }

    /// <summary>Delay before the Job controller replaces a failed pod; it doubles with each failure up to one minute. Kubernetes uses 10s.</summary>
    public TimeSpan PodFailureBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a pod whose image cannot be pulled shows ErrImagePull before ImagePullBackOff.</summary>
    public TimeSpan ImagePullBackOffAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When the cluster stops: how long running pods get between SIGTERM and kill.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound on a pod's terminationGracePeriodSeconds between SIGTERM and kill when it is deleted.</summary>
    public TimeSpan MaxTerminationGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
