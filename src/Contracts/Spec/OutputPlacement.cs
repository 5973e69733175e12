namespace KubeTune.Contracts;

/// <summary>
/// Where an output may go: never onto, into or around the model, dataset or validation location (the trainer would
/// overwrite its inputs, or train on its own output next time), never a claim's root, and never in the trainer pod's
/// contract paths. Its checkpoints (OUTPUT-checkpoints) obey the same rule. Locations are compared structurally
/// (<see cref="StorageUri.Holds"/>), so pvc://models/bert/ and pvc://models//bert are the same place.
/// </summary>
public static class OutputPlacement
{
    /// <summary>Pod paths that are never an output: the config mount and the workspace the operator mounts everything under.</summary>
    public static readonly IReadOnlyList<string> ReservedPodDirectories = [TrainerPaths.ConfigDirectory, TrainerPaths.Workspace];

    /// <summary>The first problem with <paramref name="output"/> against <paramref name="inputs"/> (field, location), naming <paramref name="outputField"/>; one is enough, moving the output fixes them all.</summary>
    public static IEnumerable<SpecProblem> Problems(StorageUri output, string outputField, IEnumerable<(string Field, StorageUri Location)> inputs)
    {
        if (output.IsPvc && output.Path.Length == 0)
        {
            yield return new SpecProblem(outputField, $"'{output.Original}' is the root of claim {output.Claim}; name a folder in it (pvc://{output.Claim}/NAME) so the output and its checkpoints do not mix with what else the claim holds");
            yield break;
        }

        if (output.IsFile && ReservedPodDirectories.FirstOrDefault(directory => Under(output.Path, directory)) is { } reserved)
        {
            yield return new SpecProblem(outputField, $"'{output.Original}' is inside {reserved}, which the trainer pod reserves for its config and mounted inputs; write the output to pvc://CLAIM/PATH");
            yield break;
        }

        var checkpoints = StorageUri.Parse(WorkspaceLayout.CheckpointsUriFor(output.Original), outputField);
        foreach (var (field, input) in inputs)
        {
            if (Relation(output, input, field) is { } clash)
            {
                yield return new SpecProblem(outputField, $"'{output.Original}' {clash}; the trainer would overwrite its input: write the output to another folder");
                yield break;
            }
            else if (Relation(checkpoints, input, field) is { } checkpointClash)
            {
                yield return new SpecProblem(outputField, $"its checkpoints ('{checkpoints.Original}') {checkpointClash}; the trainer would overwrite its input: write the output to another folder");
                yield break;
            }
        }
    }

    private static string? Relation(StorageUri written, StorageUri input, string field) =>
        (written.Holds(input), input.Holds(written)) switch
        {
            (true, true) => $"is the same location as {field}",
            (true, false) => $"contains {field} ('{input.Original}')",
            (false, true) => $"lies inside {field} ('{input.Original}')",
            _ => null,
        };

    private static bool Under(string path, string directory) =>
        path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);
}
