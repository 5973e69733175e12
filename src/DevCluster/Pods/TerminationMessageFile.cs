using System.Text;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// A process container's termination message, as a kubelet keeps it: the container's <c>terminationMessagePath</c>
/// (default /dev/termination-log) is a file in the pod directory, with every argument or environment value naming
/// that path mapped to it; when the container ends, <c>state.terminated.message</c> is the file (at most 4 KiB), or,
/// with <c>terminationMessagePolicy: FallbackToLogsOnError</c>, the log's last 80 lines (at most 2 KiB) when the file is
/// empty and the container failed.
/// </summary>
internal sealed class TerminationMessageFile
{
    public const string DefaultPath = "/dev/termination-log";
    public const string FileName = "termination-log";
    public const int MaxFileBytes = 4096;
    public const int MaxLogLines = 80;
    public const int MaxLogBytes = 2048;

    private readonly string containerPath;
    private readonly bool fallbackToLogs;

    private TerminationMessageFile(string containerPath, string hostPath, bool fallbackToLogs)
    {
        this.containerPath = containerPath;
        HostPath = hostPath;
        this.fallbackToLogs = fallbackToLogs;
    }

    public string HostPath { get; }

    /// <summary>Creates the (empty) message file of <paramref name="container"/> in <paramref name="podDirectory"/>.</summary>
    public static TerminationMessageFile Create(JsonObject container, string podDirectory)
    {
        var path = container["terminationMessagePath"]?.GetValue<string>() is { Length: > 0 } configured ? configured : DefaultPath;
        var policy = container["terminationMessagePolicy"]?.GetValue<string>();
        var file = new TerminationMessageFile(path, Path.Combine(podDirectory, FileName), policy == "FallbackToLogsOnError");
        File.WriteAllText(file.HostPath, string.Empty);
        return file;
    }

    /// <summary>The launch with the container's message path mapped to the host file.</summary>
    public ContainerLaunch MapLaunch(ContainerLaunch launch) => launch with
    {
        Arguments = [.. launch.Arguments.Select(Map)],
        Environment = launch.Environment.ToDictionary(pair => pair.Key, pair => Map(pair.Value), StringComparer.Ordinal),
    };

    /// <summary>The message for a container that exited with <paramref name="exitCode"/>, or null when there is none.</summary>
    public string? Read(int exitCode, string logPath)
    {
        var message = ReadBounded(HostPath, MaxFileBytes);
        if (string.IsNullOrEmpty(message) && fallbackToLogs && exitCode != 0)
        {
            message = LogTail(logPath);
        }

        return string.IsNullOrEmpty(message) ? null : message;
    }

    private string Map(string value) => value == containerPath ? HostPath : value;

    private static string? ReadBounded(string path, int maxBytes)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[maxBytes];
            var read = stream.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The container's own lines of its last run (the kubelet's markers left out), last 80, last 2 KiB.
    private static string? LogTail(string logPath)
    {
        try
        {
            var lines = File.ReadAllLines(logPath).Where(line => !line.StartsWith("devcluster: ", StringComparison.Ordinal)).TakeLast(MaxLogLines);
            var text = string.Join('\n', lines);
            var bytes = Encoding.UTF8.GetBytes(text);
            return bytes.Length <= MaxLogBytes ? text : Encoding.UTF8.GetString(bytes, bytes.Length - MaxLogBytes, MaxLogBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
