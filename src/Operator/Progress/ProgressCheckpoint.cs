namespace KubeTune.Operator.Progress;

/// <summary>The newest complete checkpoint in a report.</summary>
public sealed record ProgressCheckpoint(long Step, string Uri, DateTimeOffset? SavedAt);
