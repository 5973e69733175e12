using KubeTune.Trainer.Configuration;

namespace KubeTune.Trainer.Storage;

/// <summary>
/// Maps a resolved local path back to the URI a user knows it by, for status.checkpoint and status.output:
/// in a pod the output mount is the output's URI and the checkpoints mount the checkpoints URI job.json names (the
/// operator's layout, not re-derived here); with --pvc-root DIR, DIR/CLAIM/REST is pvc://CLAIM/REST; anything else
/// is file:///ABSOLUTE/PATH.
/// </summary>
public sealed class UserUriMapper
{
    private readonly List<KeyValuePair<string, string>> roots = [];
    private readonly string? pvcRoot;

    /// <param name="outputUri">output.uri as the user wrote it.</param>
    /// <param name="workspace">job.json's workspace: where the operator mounted output and checkpoints (null paths outside a pod).</param>
    /// <param name="pvcRoot">--pvc-root: the local folder holding one folder per claim.</param>
    public UserUriMapper(string outputUri, WorkspacePaths workspace, string? pvcRoot)
    {
        this.pvcRoot = pvcRoot is null ? null : Path.GetFullPath(pvcRoot);
        if (this.pvcRoot is not null || !outputUri.StartsWith(StorageUri.PvcPrefix, StringComparison.Ordinal))
        {
            // With --pvc-root the resolver ignores the pod paths, and file:// outputs are not mounted at all.
            return;
        }

        if (workspace.OutputPath is { } outputPath)
        {
            roots.Add(new(Path.GetFullPath(outputPath), outputUri.TrimEnd('/')));
        }

        if (workspace.CheckpointsPath is { } checkpointsPath && workspace.CheckpointsUri is { } checkpointsUri)
        {
            roots.Add(new(Path.GetFullPath(checkpointsPath), checkpointsUri.TrimEnd('/')));
        }

        // A nested mount wins over its parent.
        roots.Sort((left, right) => right.Key.Length.CompareTo(left.Key.Length));
    }

    public static UserUriMapper For(TrainerConfig config, ConfigLoadOptions options) =>
        new(config.Output.Uri, config.Workspace, options.PvcRoot);

    /// <summary>The user-facing URI of <paramref name="localPath"/> (a file or directory this trainer resolved or wrote).</summary>
    public string UriOf(string localPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(localPath));
        foreach (var (root, uri) in roots)
        {
            if (RelativeTo(root, full) is { } relative)
            {
                return Append(uri, relative);
            }
        }

        if (pvcRoot is not null && RelativeTo(pvcRoot, full) is { Length: > 0 } underRoot)
        {
            var slash = underRoot.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? PvcUri(underRoot, "") : PvcUri(underRoot[..slash], underRoot[(slash + 1)..]);
        }

        return FileUri(full);
    }

    /// <summary>file:///ABSOLUTE/PATH with only what would break a URI escaped (%, space, # and ?), so StorageUri.Parse reads it back.</summary>
    public static string FileUri(string localPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(localPath));
        return "file://" + full.Replace("%", "%25", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)
            .Replace("#", "%23", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal);
    }

    private static string PvcUri(string claim, string path) => Append("pvc://" + claim, path.Trim('/'));

    private static string Append(string uri, string relative) => relative.Length == 0 ? uri : uri + "/" + relative;

    /// <summary>The '/'-separated path of <paramref name="path"/> below <paramref name="root"/> ("" for the root itself), or null when outside it.</summary>
    private static string? RelativeTo(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".")
        {
            return "";
        }

        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
