namespace KubeTune.Trainer.Storage;

/// <summary>
/// The checks on a run's resolved paths before anything is read or trained: inputs confined to their root
/// (<see cref="InputConfinement"/>), the output and checkpoints apart from every input on this machine (as the contract
/// checks the URIs: here pvc:// and file:// locations that are one folder are caught too), and both prepared without a
/// symbolic link (<see cref="WritableLocation"/>). With --pvc-root DIR a location's root is its claim's folder DIR/CLAIM.
/// </summary>
public static class WorkspaceSafety
{
    public static void Check(ResolvedPaths paths, string? pvcRoot)
    {
        List<(string Field, string Path)> inputs = [("model.uri", paths.ModelDirectory), ("dataset.uri", paths.DatasetPath)];
        if (paths.ValidationPath is { } validation)
        {
            inputs.Add(("dataset.validationUri", validation));
        }

        foreach (var (field, path) in inputs)
        {
            InputConfinement.Check(path, RootOf(path, pvcRoot, Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!), field);
        }

        foreach (var (field, path) in new[] { ("output.uri", paths.OutputDirectory), ("the checkpoints of output.uri", paths.CheckpointsDirectory) })
        {
            var real = RealPaths.Resolve(path);
            foreach (var (inputField, input) in inputs)
            {
                var realInput = RealPaths.Resolve(input);
                if (RealPaths.IsInside(real, realInput) || RealPaths.IsInside(realInput, real))
                {
                    throw new InvalidInputException($"{field}: {path} and {inputField} ({input}) overlap on this machine; the trainer would overwrite its input: write the output to another folder");
                }
            }

            WritableLocation.Prepare(path, RootOf(path, pvcRoot, path), field);
        }
    }

    /// <summary>DIR/CLAIM for a path under --pvc-root DIR, else <paramref name="otherwise"/>.</summary>
    private static string RootOf(string path, string? pvcRoot, string otherwise)
    {
        if (pvcRoot is null)
        {
            return otherwise;
        }

        var root = Path.GetFullPath(pvcRoot);
        var relative = Path.GetRelativePath(root, Path.GetFullPath(path));
        return RealPaths.IsInside(Path.GetFullPath(path), root) && relative != "."
            ? Path.Combine(root, relative.Split(Path.DirectorySeparatorChar)[0])
            : otherwise;
    }
}
