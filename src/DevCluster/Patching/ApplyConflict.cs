namespace KubeTune.DevCluster.Patching;

/// <summary>A field the applied configuration sets to another value than the one its current manager set.</summary>
public sealed record ApplyConflict(string Manager, string ApiVersion, string Path);
