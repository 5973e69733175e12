using System.Globalization;
using System.Text;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Reads a text file line by line as bytes, never holding more than <c>maxLineBytes</c> of one line: a longer line, a
/// line that is not valid UTF-8 or that holds a NUL byte comes back with its problem (and empty text) instead of being
/// decoded with replacement characters or read whole.
/// </summary>
internal static class BoundedLineReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<PhysicalLine> Read(string path, int maxLineBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long number = 1;
        var tooLong = false;
        var first = true;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                // A UTF-8 byte order mark is not part of the first row.
                start = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            }

            while (start < read)
            {
                var end = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var chunkEnd = end < 0 ? read : end;
                if (!tooLong)
                {
                    if (line.Length + (chunkEnd - start) > maxLineBytes)
                    {
                        tooLong = true;
                        line.SetLength(0);
                    }
                    else
                    {
                        line.Write(buffer, start, chunkEnd - start);
                    }
                }

                if (end < 0)
                {
                    break;
                }

                yield return Finish(number++, line, tooLong, maxLineBytes);
                line.SetLength(0);
                tooLong = false;
                start = end + 1;
            }
        }

        if (line.Length > 0 || tooLong)
        {
            yield return Finish(number, line, tooLong, maxLineBytes);
        }
    }

    private static PhysicalLine Finish(long number, MemoryStream line, bool tooLong, int maxLineBytes)
    {
        if (tooLong)
        {
            return new PhysicalLine(number, "", string.Create(CultureInfo.InvariantCulture, $"the line is longer than {maxLineBytes} bytes (the bound for rows at this maxSequenceLength)"));
        }

        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == '\r')
        {
            bytes = bytes[..^1];
        }

        if (bytes.IndexOf((byte)0) is var nul and >= 0)
        {
            return new PhysicalLine(number, "", string.Create(CultureInfo.InvariantCulture, $"NUL byte at byte {nul + 1} of the line"));
        }

        try
        {
            return new PhysicalLine(number, StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException e)
        {
            return new PhysicalLine(number, "", string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte {e.Index + 1} of the line"));
        }
    }
}
