namespace KubeTune.Trainer.Reporting;

/// <summary>The newest complete checkpoint (status.checkpoint): the step after which it was taken, where, and when.</summary>
public sealed record CheckpointInfo(int Step, string Uri, DateTimeOffset SavedAt);
