namespace KubeTune.Trainer.Configuration;

/// <summary>Checkpoint cadence and retention; Path is the pod path the operator mounted (null outside a pod).</summary>
public sealed record CheckpointSection(int EverySteps = 200, int Keep = 2, string? Path = null);
