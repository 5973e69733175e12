using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// The kubelet's preparation of a container for podman: env resolved, <c>$(VAR)</c> expanded in command and args,
/// volumes written to host folders and bind-mounted, the runAsNonRoot check, and the termination-log file.
/// </summary>
internal static class PodmanPodSetup
{
    public const string TerminationLogFileName = "termination-log";
    public const string DefaultTerminationMessagePath = "/dev/termination-log";

    /// <summary>The kubelet keeps at most this much of a termination message.</summary>
    public const int MaxTerminationMessageBytes = 4096;

    /// <summary>With FallbackToLogsOnError: the last lines of the log, at most this many bytes, become the message.</summary>
    public const int MaxFallbackLogBytes = 2048;

    /// <summary>Builds the run spec; throws <see cref="ContainerConfigException"/> when the pod cannot run as written.</summary>
    public static PodmanRunSpec Prepare(PodRunnerContext context, ClusterStore store, JsonObject pod, JsonObject container, string imageUser, IReadOnlyDictionary<string, string> tokenMounts, string podDirectory)
    {
        var security = ContainerSecurity.Resolve(pod, container);
        if (security.NonRootViolation(imageUser) is { } violation)
        {
            throw new ContainerConfigException(violation);
        }

        var environment = ContainerCommandLine.ResolveEnvironment(store, pod, container);
        var command = Strings(container["command"]);
        var args = Strings(container["args"]);
        var claims = context.Options.ClaimsDirectory ?? Path.Combine(context.PodsDirectory, "pvc");
        var mounts = HostVolumes.PrepareForContainer(store, pod, container, podDirectory, claims).ToList();
        mounts.AddRange(tokenMounts.Select(pair => new VolumeBinding(pair.Key.TrimEnd('/'), pair.Value, ReadOnly: true)));

        // The termination log: a host file the container may write, read back into the terminated state's message.
        var terminationLog = Path.Combine(podDirectory, TerminationLogFileName);
        File.WriteAllText(terminationLog, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(terminationLog, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }

        var messagePath = container["terminationMessagePath"]?.GetValue<string>() is { Length: > 0 } path ? path : DefaultTerminationMessagePath;
        mounts.Add(new VolumeBinding(messagePath, terminationLog, ReadOnly: false));

        var name = $"{context.Options.Podman.NamePrefix}-{ObjectMetadata.Namespace(pod)}-{ObjectMetadata.Name(pod)}-{ObjectMetadata.Uid(pod)[..Math.Min(8, ObjectMetadata.Uid(pod).Length)]}";
        return new PodmanRunSpec(
            name,
            container["image"]?.GetValue<string>() ?? throw new ContainerConfigException("the container has no image"),
            ObjectMetadata.Name(pod),
            command.Count > 0 ? [.. command.Select(value => ContainerCommandLine.Expand(value, environment))] : null,
            [.. args.Select(value => ContainerCommandLine.Expand(value, environment))],
            environment,
            container["workingDir"]?.GetValue<string>(),
            security,
            mounts);
    }

    /// <summary>
    /// The terminated state's message: what the container wrote to its termination-log, else, with
    /// terminationMessagePolicy FallbackToLogsOnError and a failure, the end of its log; null when there is none.
    /// </summary>
    public static string? TerminationMessage(JsonObject container, string podDirectory, string logPath, int exitCode)
    {
        var written = ReadTail(Path.Combine(podDirectory, TerminationLogFileName), MaxTerminationMessageBytes);
        if (written.Trim().Length > 0)
        {
            return written;
        }

        var fallback = container["terminationMessagePolicy"]?.GetValue<string>() == "FallbackToLogsOnError" && exitCode != 0;
        return fallback && ReadTail(logPath, MaxFallbackLogBytes) is { Length: > 0 } tail ? tail : null;
    }

    private static string ReadTail(string path, int maxBytes)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = (int)Math.Min(stream.Length, maxBytes);
        stream.Seek(-length, SeekOrigin.End);
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer);
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item?.GetValue<string>() ?? "")] : [];
}
