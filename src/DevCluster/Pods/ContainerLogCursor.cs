using System.Globalization;
using System.Text;

namespace KubeTune.DevCluster.Pods;

/// <summary>Reads a container's log incrementally: each call answers the complete lines written since the last one, with their times.</summary>
public sealed class ContainerLogCursor(string path)
{
    private readonly Queue<DateTimeOffset> _times = new();
    private long _lineOffset;
    private long _timeOffset;

    public IReadOnlyList<ContainerLogLine> ReadNew()
    {
        var lines = ReadCompleteLines(path, ref _lineOffset);
        foreach (var time in ReadCompleteLines(path + ContainerLogFile.TimesSuffix, ref _timeOffset))
        {
            if (DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                _times.Enqueue(parsed);
            }
        }

        return lines.Select(line => new ContainerLogLine(_times.TryDequeue(out var time) ? time : null, line)).ToList();
    }

    // Reads from offset to the last newline; a line still being written waits for the next call.
    private static List<string> ReadCompleteLines(string file, ref long offset)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= offset)
        {
            return [];
        }

        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[stream.Length - offset];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = Array.LastIndexOf(buffer, (byte)'\n', read - 1);
        if (end < 0)
        {
            return [];
        }

        offset += end + 1;
        var text = Encoding.UTF8.GetString(buffer, 0, end);
        return [.. text.Split('\n').Select(line => line.TrimEnd('\r'))];
    }
}
