namespace KubeTune.Contracts;

/// <summary>The newest complete checkpoint (status.checkpoint): the step after which it was taken, where, and when.</summary>
public sealed record ProgressCheckpoint(long Step, string Uri, DateTimeOffset? SavedAt);
