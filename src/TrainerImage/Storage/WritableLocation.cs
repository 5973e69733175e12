namespace KubeTune.Trainer.Storage;

/// <summary>
/// Prepares a folder the trainer writes (the output or the checkpoints) before anything is trained: every folder from
/// just below its root (the claim's folder with --pvc-root; else the location itself) down to it is a real folder,
/// created where missing, and nothing already inside it is a symbolic link. Exit 2 naming the link otherwise.
/// </summary>
public static class WritableLocation
{
    public static void Prepare(string directory, string root, string field)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!RealPaths.IsInside(full, top))
        {
            top = full;
        }

        var relative = Path.GetRelativePath(top, full);
        var current = top;
        var below = relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar);
        foreach (var component in below.Prepend(string.Empty))
        {
            current = component.Length == 0 ? current : Path.Combine(current, component);
            if (component.Length == 0 && current != full)
            {
                // The root itself (a claim's folder) is the volume's, not the job's.
                continue;
            }

            NoFollowFiles.RefuseLink(current);
            if (File.Exists(current))
            {
                throw new InvalidInputException($"{field}: {current} is a file; the output needs a folder there");
            }

            Directory.CreateDirectory(current);
        }

        foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            if (entry.LinkTarget is not null)
            {
                NoFollowFiles.RefuseLink(entry.FullName);
            }
        }
    }
}
