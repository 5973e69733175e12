using System.Text;

namespace KubeTune.Trainer.Storage;

/// <summary>
/// Every file and folder the trainer writes (output, checkpoints, log) is made here, never through a symbolic link:
/// a link at the path is refused (exit 2, naming it), and new files are created exclusively (O_CREAT | O_EXCL, which
/// never follows a link, even one placed after the check). <see cref="WritableLocation"/> checks the folders above.
/// </summary>
public static class NoFollowFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Refuses <paramref name="path"/> when it is a symbolic link (dangling or not).</summary>
    public static void RefuseLink(string path)
    {
        if (new FileInfo(path).LinkTarget is { } target)
        {
            throw new InvalidInputException($"{path}: is a symbolic link (to {target}); the trainer never writes through one: remove it or choose another output");
        }
    }

    /// <summary>A new, empty file at <paramref name="path"/>, replacing a regular file there.</summary>
    public static FileStream Create(string path, FileAccess access = FileAccess.Write)
    {
        RefuseLink(path);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        return new FileStream(path, FileMode.CreateNew, access, FileShare.None);
    }

    public static void WriteAllText(string path, string text)
    {
        using var stream = Create(path);
        stream.Write(Utf8.GetBytes(text));
    }

    public static void Copy(string source, string destination)
    {
        using var from = File.OpenRead(source);
        using var to = Create(destination);
        from.CopyTo(to);
    }

    /// <summary>Opens <paramref name="path"/> for appending (the log across restarts).</summary>
    public static FileStream Append(string path)
    {
        RefuseLink(path);
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Creates <paramref name="path"/> (and missing parents), refusing a link at the path itself.</summary>
    public static void CreateDirectory(string path)
    {
        RefuseLink(path);
        Directory.CreateDirectory(path);
    }
}
