using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Token ids on disk (a temporary file of int32s): written once while the dataset is read, then read back at any
/// position, so the dataset's size is not bounded by memory. Disposing deletes the file.
/// </summary>
internal sealed class TokenStore : IDisposable
{
    private readonly string path;
    private FileStream? writer;
    private SafeFileHandle? reader;

    public TokenStore(string? directory)
    {
        var root = directory ?? Path.GetTempPath();
        Directory.CreateDirectory(root);
        path = Path.Combine(root, $"kubetune-tokens-{Guid.NewGuid():N}.bin");
        writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose);
        reader = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Tokens written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Appends ids and returns the position of the first.</summary>
    public long Append(ReadOnlySpan<int> ids)
    {
        var start = Length;
        (writer ?? throw new ObjectDisposedException(nameof(TokenStore))).Write(MemoryMarshal.AsBytes(ids));
        Length += ids.Length;
        return start;
    }

    /// <summary>Makes everything appended readable; call once writing is done.</summary>
    public void Seal() => writer?.Flush();

    /// <summary>Reads destination.Length ids from position <paramref name="start"/>.</summary>
    public void Read(long start, Span<int> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        var offset = start * sizeof(int);
        while (bytes.Length > 0)
        {
            var read = RandomAccess.Read(reader ?? throw new ObjectDisposedException(nameof(TokenStore)), bytes, offset);
            if (read == 0)
            {
                throw new InvalidOperationException($"token store {path}: read past the end at token {start}");
            }

            bytes = bytes[read..];
            offset += read;
        }
    }

    public void Dispose()
    {
        reader?.Dispose();
        writer?.Dispose();
        reader = null;
        writer = null;
    }
}
