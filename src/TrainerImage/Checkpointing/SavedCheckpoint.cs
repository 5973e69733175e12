namespace KubeTune.Trainer.Checkpointing;

/// <summary>
/// A complete checkpoint on disk: the step it was taken after, its directory, when it was written and its URI in the
/// user's terms (pvc://CLAIM/PATH-checkpoints/checkpoint-STEP in a pod), which is what reports carry.
/// </summary>
public sealed record SavedCheckpoint(int Step, string Directory, DateTimeOffset SavedAt, string Uri);
