using System.Globalization;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// A container's log: container.log holds the lines as the process wrote them (what `local` and users read), and
/// container.log.times the time each line arrived, one per line, for kubectl logs --timestamps and --since.
/// </summary>
internal sealed class ContainerLogFile : IDisposable
{
    public const string TimesSuffix = ".times";

    /// <summary>The line the kubelet appends when a container ends: it closes one run (instance) of the container.</summary>
    public const string TerminatedMarker = "devcluster: container ";

    private readonly StreamWriter _lines;
    private readonly StreamWriter _times;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _disposed;

    public ContainerLogFile(string path, TimeProvider time)
    {
        _lines = Open(path);
        _times = Open(path + TimesSuffix);
        _time = time;
    }

    /// <summary>RFC 3339 with nanoseconds, as the kubelet prefixes lines for --timestamps.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    public static bool IsTerminatedMarker(string line) =>
        line.StartsWith(TerminatedMarker, StringComparison.Ordinal) && line.Contains(" terminated: exit code ", StringComparison.Ordinal);

    /// <summary>Appends one line and its time; a failed write never fails the pod.</summary>
    public void Append(string line)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                _lines.WriteLine(line);
                _times.WriteLine(FormatTime(_time.GetUtcNow()));
            }
            catch (IOException)
            {
                // The log is a convenience.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _lines.Dispose();
            _times.Dispose();
        }
    }

    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
}
