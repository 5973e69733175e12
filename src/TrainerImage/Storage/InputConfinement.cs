namespace KubeTune.Trainer.Storage;

/// <summary>
/// Inputs are read only inside their root: the claim's folder with --pvc-root, else the location's own folder (the
/// model folder, the dataset's folder, the mount in a pod). A symbolic link inside that resolves outside it (a
/// tokenizer.json pointing at /etc/passwd) is refused before anything is read from it, naming the link, never quoting the target's content.
/// </summary>
public static class InputConfinement
{
    /// <summary>Most entries of an input folder checked; an image folder of a few hundred thousand files is fine.</summary>
    private const int MaxEntries = 2_000_000;

    /// <summary>Refuses <paramref name="path"/> (a file, or a folder and everything below it) when it resolves outside <paramref name="root"/>.</summary>
    public static void Check(string path, string root, string field)
    {
        if (!Path.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            // Missing inputs are reported by the reader that needs them.
            return;
        }

        var realRoot = RealPaths.Resolve(root);
        RequireInside(path, realRoot, root, field);
        if (!Directory.Exists(path))
        {
            return;
        }

        var seen = 0;
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (++seen > MaxEntries)
            {
                break;
            }

            if (entry.LinkTarget is not null)
            {
                RequireInside(entry.FullName, realRoot, root, field);
            }
        }
    }

    /// <summary>Refuses <paramref name="path"/> when it resolves outside <paramref name="root"/>.</summary>
    public static void RequireInside(string path, string root, string field) =>
        RequireInside(path, RealPaths.Resolve(root), root, field);

    private static void RequireInside(string path, string realRoot, string root, string field)
    {
        var real = RealPaths.Resolve(path);
        if (!RealPaths.IsInside(real, realRoot))
        {
            throw new InvalidInputException($"{field}: {path} resolves to {real}, outside {root}; inputs are read only inside their claim or folder (copy the file in instead of linking it)");
        }
    }
}
