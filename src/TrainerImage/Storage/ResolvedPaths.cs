namespace KubeTune.Trainer.Storage;

/// <summary>Local paths of every location of a config: downloaded, mounted or given.</summary>
public sealed record ResolvedPaths(
    string ModelDirectory,
    string DatasetPath,
    string? ValidationPath,
    string CheckpointsDirectory,
    string OutputDirectory);
