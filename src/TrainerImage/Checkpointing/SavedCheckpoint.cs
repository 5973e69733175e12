namespace KubeTune.Trainer.Checkpointing;

/// <summary>A complete checkpoint on disk: the step it was taken after, its directory and when it was written.</summary>
public sealed record SavedCheckpoint(int Step, string Directory, DateTimeOffset SavedAt);
