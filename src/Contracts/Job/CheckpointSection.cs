namespace KubeTune.Contracts;

/// <summary>Checkpoint cadence and retention.</summary>
public sealed record CheckpointSection(int EverySteps, int Keep);
