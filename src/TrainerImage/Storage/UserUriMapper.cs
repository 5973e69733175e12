using KubeTune.Trainer.Configuration;

namespace KubeTune.Trainer.Storage;

/// <summary>
/// Maps a resolved local path back to the URI a user knows it by, for status.checkpoint and status.output:
/// in a pod the output mount is pvc://CLAIM/PATH and the checkpoints mount pvc://CLAIM/PATH-checkpoints (the
/// operator's layout); with --pvc-root DIR, DIR/CLAIM/REST is pvc://CLAIM/REST; anything else is file:///ABSOLUTE/PATH.
/// </summary>
public sealed class UserUriMapper
{
    private readonly List<KeyValuePair<string, string>> roots = [];
    private readonly string? pvcRoot;

    /// <param name="outputUri">output.uri as the user wrote it.</param>
    /// <param name="outputPodPath">output.path: where the operator mounted the output (null outside a pod).</param>
    /// <param name="checkpointPodPath">checkpoint.path: where the operator mounted the checkpoints (null outside a pod).</param>
    /// <param name="pvcRoot">--pvc-root: the local folder holding one folder per claim.</param>
    public UserUriMapper(string outputUri, string? outputPodPath, string? checkpointPodPath, string? pvcRoot)
    {
        this.pvcRoot = pvcRoot is null ? null : Path.GetFullPath(pvcRoot);
        var output = StorageUri.Parse(outputUri, "output.uri");
        if (output.Scheme != StorageScheme.Pvc || this.pvcRoot is not null)
        {
            // With --pvc-root the resolver ignores the pod paths, and file:// outputs are not mounted at all.
            return;
        }

        if (outputPodPath is not null)
        {
            roots.Add(new(Path.GetFullPath(outputPodPath), PvcUri(output.Claim, output.Path)));
        }

        if (checkpointPodPath is not null)
        {
            roots.Add(new(Path.GetFullPath(checkpointPodPath), PvcUri(output.Claim, CheckpointsSubPath(output.Path))));
        }

        // A nested mount wins over its parent.
        roots.Sort((left, right) => right.Key.Length.CompareTo(left.Key.Length));
    }

    public static UserUriMapper For(TrainerConfig config, ConfigLoadOptions options) =>
        new(config.Output.Uri, config.Output.Path, config.Checkpoint.Path, options.PvcRoot);

    /// <summary>Where the operator keeps checkpoints on the output's claim: next to the output directory.</summary>
    public static string CheckpointsSubPath(string outputSubPath) =>
        outputSubPath.Trim('/') is { Length: > 0 } path ? path + "-checkpoints" : "checkpoints";

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
