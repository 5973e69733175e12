using System.Runtime.InteropServices;

namespace KubeTune.Trainer.Storage;

/// <summary>Where a path really is, every symbolic link resolved (realpath(3)), and whether one path lies inside another.</summary>
public static class RealPaths
{
    /// <summary>The canonical path of <paramref name="path"/>; for a path that does not exist yet, its deepest existing ancestor's canonical path plus the rest.</summary>
    public static string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        var existing = full;
        while (!Path.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = Canonical(existing) ?? existing;
        return missing.Aggregate(resolved, Path.Combine);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it, comparing whole path segments.</summary>
    public static bool IsInside(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    private static string? Canonical(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.GetFullPath(path);
        }

        var buffer = RealPath(path, IntPtr.Zero);
        if (buffer == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(buffer);
        }
        finally
        {
            Free(buffer);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, which this project does not enable.
    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
