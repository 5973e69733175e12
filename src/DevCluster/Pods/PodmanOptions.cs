namespace KubeTune.DevCluster.Pods;

/// <summary>How the podman container runtime starts containers (see <see cref="ContainerRuntimeKind.Podman"/>).</summary>
public sealed record PodmanOptions
{
    /// <summary>The podman program.</summary>
    public string Executable { get; init; } = "podman";

    /// <summary>The OCI runtime podman uses: crun fails on this machine's hybrid cgroups, runc works.</summary>
    public string OciRuntime { get; init; } = "runc";

    /// <summary>Explicit ulimits: podman's defaults (taken from the host's hard limits) are refused here.</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = ["nofile=1024:1024", "nproc=4096:4096"];

    /// <summary>Pods share the node's network, as hostNetwork pods do: 127.0.0.1 is the API server and the operator.</summary>
    public string Network { get; init; } = "host";

    /// <summary>Prefix of the container names, so a leftover container is recognisable (and removable) as the dev cluster's.</summary>
    public string NamePrefix { get; init; } = "devcluster";
}
