using System.Runtime.InteropServices;

namespace KubeTune.Trainer.Checkpointing;

/// <summary>fsync for files and directories, so a rename that makes a checkpoint visible never outlives its data after a crash.</summary>
internal static class DurableFiles
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static void SyncFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Makes the directory's entries (a new file, a rename) durable; a no-op where directories cannot be opened (Windows).</summary>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(path, ReadOnlyDirectory);
        if (descriptor < 0)
        {
            throw new IOException($"{path}: cannot open the directory to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"{path}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, which this project does not enable.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
