using System.Globalization;
using System.Text.Json;

namespace KubeTune.DevCluster.Pods;

/// <summary>Builds podman's argument lists for the container runtime (pure: same inputs, same arguments).</summary>
internal static class PodmanCommandLine
{
    /// <summary><c>podman --runtime R run ...</c> in the foreground: its stdout and stderr are the container's, its exit code the container's.</summary>
    public static IReadOnlyList<string> Run(PodmanOptions options, PodmanRunSpec spec)
    {
        var args = new List<string> { "--runtime", options.OciRuntime, "run", "--name", spec.Name, "--pull", "never", "--network", options.Network };
        // The pod name is the hostname, as in a pod; with the host network podman keeps the container's own UTS namespace.
        args.AddRange(["--hostname", spec.Hostname]);
        foreach (var ulimit in options.Ulimits)
        {
            args.AddRange(["--ulimit", ulimit]);
        }

        AddSecurity(args, spec.Security);
        foreach (var (name, value) in spec.Environment)
        {
            args.AddRange(["--env", $"{name}={value}"]);
        }

        foreach (var mount in spec.Mounts)
        {
            args.AddRange(["--mount", $"type=bind,source={mount.HostPath},target={mount.MountPath}" + (mount.ReadOnly ? ",readonly=true" : "")]);
        }

        if (spec.WorkingDir is { Length: > 0 } workingDir)
        {
            args.AddRange(["--workdir", workingDir]);
        }

        if (spec.Command is { Count: > 0 } command)
        {
            // A JSON array: podman's exec form of --entrypoint, so arguments with spaces stay whole.
            args.AddRange(["--entrypoint", JsonSerializer.Serialize(command)]);
        }

        args.Add(spec.Image);
        args.AddRange(spec.Args);
        return args;
    }

    /// <summary><c>podman stop</c>: SIGTERM, then SIGKILL after <paramref name="grace"/>, as the kubelet stops a container.</summary>
    public static IReadOnlyList<string> Stop(PodmanOptions options, string name, TimeSpan grace) =>
        ["--runtime", options.OciRuntime, "stop", "--time", ((long)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture), name];

    /// <summary>How the container ended, one per line: exit code, whether the OOM killer ended it, its status ("exited" once it ran), podman's error.</summary>
    public static IReadOnlyList<string> InspectExit(PodmanOptions options, string name) =>
        ["--runtime", options.OciRuntime, "container", "inspect", "--format", "{{.State.ExitCode}}\n{{.State.OOMKilled}}\n{{.State.Status}}\n{{.State.Error}}", name];

    public static IReadOnlyList<string> Remove(PodmanOptions options, string name) =>
        ["--runtime", options.OciRuntime, "rm", "--force", "--ignore", name];

    /// <summary>The image's configured user ("" when it runs as root by default); fails when the image is not here.</summary>
    public static IReadOnlyList<string> ImageUser(string image) =>
        ["image", "inspect", "--format", "{{.Config.User}}", image];

    private static void AddSecurity(List<string> args, ContainerSecurity security)
    {
        if (security.RunAsUser is { } user)
        {
            var group = security.RunAsGroup is { } runAsGroup ? ":" + runAsGroup.ToString(CultureInfo.InvariantCulture) : "";
            args.AddRange(["--user", user.ToString(CultureInfo.InvariantCulture) + group]);
        }

        // fsGroup and supplementalGroups: extra groups of the container's processes, as the kubelet adds them.
        foreach (var group in new[] { security.FsGroup }.OfType<long>().Concat(security.SupplementalGroups).Distinct())
        {
            args.AddRange(["--group-add", group.ToString(CultureInfo.InvariantCulture)]);
        }

        if (security.ReadOnlyRootFilesystem)
        {
            // Only what the pod mounts is writable, as on a kubelet: no tmpfs on /tmp, /run and /var/tmp of podman's own.
            args.AddRange(["--read-only", "--read-only-tmpfs=false"]);
        }

        if (security.NoNewPrivileges)
        {
            args.AddRange(["--security-opt", "no-new-privileges"]);
        }

        if (security.Privileged)
        {
            args.Add("--privileged");
        }

        foreach (var capability in security.DropCapabilities)
        {
            args.AddRange(["--cap-drop", capability]);
        }

        foreach (var capability in security.AddCapabilities)
        {
            args.AddRange(["--cap-add", capability]);
        }
    }
}
