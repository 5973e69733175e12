namespace KubeTune.Contracts;

/// <summary>
/// Where each input and output of a FineTuneJob lives inside the trainer pod and what must be mounted for it.
/// pvc:// locations are mounted under the contract paths; file:// paths are used as they are (inside the image or,
/// in local mode, on the host); hf:// and https:// are downloaded by the trainer into a writable emptyDir.
/// </summary>
public sealed record WorkspaceLayout(
    string ModelPath,
    string DatasetPath,
    string? ValidationPath,
    string CheckpointsPath,
    string OutputPath,
    string CheckpointsUri,
    IReadOnlyList<WorkspaceMount> Mounts)
{
    /// <summary>The locations as job.json carries them to the trainer.</summary>
    public WorkspacePaths Paths => new()
    {
        ModelPath = ModelPath,
        DatasetPath = DatasetPath,
        ValidationPath = ValidationPath,
        CheckpointsPath = CheckpointsPath,
        OutputPath = OutputPath,
        CheckpointsUri = CheckpointsUri,
    };

    public static WorkspaceLayout For(string modelUri, string datasetUri, string? validationUri, string outputUri)
    {
        var mounts = new List<WorkspaceMount>();
        var model = StorageUri.Parse(modelUri, "spec.model.uri");
        var modelPath = Place(model, TrainerPaths.Model, readOnly: true, mounts);

        var dataset = StorageUri.Parse(datasetUri, "spec.dataset.uri");
        var validation = string.IsNullOrEmpty(validationUri) ? null : StorageUri.Parse(validationUri, "spec.dataset.validationUri");
        string datasetPath;
        string? validationPath = null;
        if (dataset.IsPvc && validation is { IsPvc: true } && validation.Claim == dataset.Claim)
        {
            // Training and validation data on one claim share one mount of their common directory.
            var common = CommonDirectory(DirectoryOf(dataset.Path), DirectoryOf(validation.Path));
            mounts.Add(new WorkspaceMount(TrainerPaths.Data, dataset.Claim, common, ReadOnly: true));
            datasetPath = Under(TrainerPaths.Data, Relative(common, dataset.Path));
            validationPath = Under(TrainerPaths.Data, Relative(common, validation.Path));
        }
        else
        {
            datasetPath = PlaceData(dataset, TrainerPaths.Data, mounts);
            if (validation is not null)
            {
                validationPath = PlaceData(validation, TrainerPaths.Validation, mounts);
            }
        }

        var output = StorageUri.Parse(outputUri, "spec.output.uri");
        string outputPath;
        string checkpointsPath;
        if (output.IsPvc)
        {
            // Checkpoints live next to the output on the same claim, so a restarted pod resumes from them.
            mounts.Add(new WorkspaceMount(TrainerPaths.Output, output.Claim, output.Path, ReadOnly: false));
            mounts.Add(new WorkspaceMount(TrainerPaths.Checkpoints, output.Claim, CheckpointsSubPath(output.Path), ReadOnly: false));
            outputPath = TrainerPaths.Output;
            checkpointsPath = TrainerPaths.Checkpoints;
        }
        else if (output.IsFile)
        {
            outputPath = output.Path;
            checkpointsPath = output.Path + CheckpointsSuffix;
        }
        else
        {
            mounts.Add(new WorkspaceMount(TrainerPaths.Output, string.Empty, string.Empty, ReadOnly: false));
            mounts.Add(new WorkspaceMount(TrainerPaths.Checkpoints, string.Empty, string.Empty, ReadOnly: false));
            outputPath = TrainerPaths.Output;
            checkpointsPath = TrainerPaths.Checkpoints;
        }

        return new WorkspaceLayout(modelPath, datasetPath, validationPath, checkpointsPath, outputPath, CheckpointsUriFor(outputUri), mounts);
    }

    /// <summary>Checkpoints sit next to the output: OUTPUT-checkpoints (or "checkpoints" at a claim's root).</summary>
    public const string CheckpointsSuffix = "-checkpoints";

    /// <summary>The checkpoints directory on the output claim: a sibling of the output directory.</summary>
    public static string CheckpointsSubPath(string outputSubPath) =>
        outputSubPath.Trim('/') is { Length: > 0 } path ? path + CheckpointsSuffix : "checkpoints";

    /// <summary>Where the checkpoints of an output go, as a URI the user knows: pvc://CLAIM/PATH-checkpoints or file:///PATH-checkpoints.</summary>
    public static string CheckpointsUriFor(string outputUri)
    {
        var output = StorageUri.Parse(outputUri, "spec.output.uri");
        return output.IsPvc
            ? StorageUri.PvcPrefix + output.Claim + "/" + CheckpointsSubPath(output.Path)
            : StorageUri.FilePrefix + output.Path + CheckpointsSuffix;
    }

    private static string Place(StorageUri uri, string mountPath, bool readOnly, List<WorkspaceMount> mounts)
    {
        if (uri.IsPvc)
        {
            mounts.Add(new WorkspaceMount(mountPath, uri.Claim, uri.Path, readOnly));
            return mountPath;
        }

        if (uri.IsFile)
        {
            return uri.Path;
        }

        // Downloaded by the trainer: the root filesystem is read-only, so it needs a writable emptyDir.
        mounts.Add(new WorkspaceMount(mountPath, string.Empty, string.Empty, ReadOnly: false));
        return mountPath;
    }

    private static string PlaceData(StorageUri uri, string mountPath, List<WorkspaceMount> mounts)
    {
        if (!uri.IsPvc)
        {
            return Place(uri, mountPath, readOnly: true, mounts);
        }

        var directory = DirectoryOf(uri.Path);
        mounts.Add(new WorkspaceMount(mountPath, uri.Claim, directory, ReadOnly: true));
        return Under(mountPath, Relative(directory, uri.Path));
    }

    /// <summary>A path whose last segment has an extension names a file (train.jsonl); anything else is a directory (an image folder).</summary>
    private static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        var last = slash < 0 ? path : path[(slash + 1)..];
        if (!last.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }

        return slash < 0 ? string.Empty : path[..slash];
    }

    private static string CommonDirectory(string left, string right)
    {
        var a = left.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var b = right.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var shared = a.Zip(b).TakeWhile(pair => pair.First == pair.Second).Count();
        return string.Join('/', a.Take(shared));
    }

    private static string Relative(string directory, string path) =>
        directory.Length == 0 ? path : path.Length <= directory.Length ? string.Empty : path[(directory.Length + 1)..];

    private static string Under(string root, string relative) => relative.Length == 0 ? root : root + "/" + relative;
}
