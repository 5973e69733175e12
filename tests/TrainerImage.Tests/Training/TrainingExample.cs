namespace KubeTune.Trainer.Tests.Training;

/// <summary>One padded example: a class label (classification) or per-token labels with -100 where the loss ignores them.</summary>
public sealed record TrainingExample(long[] InputIds, long[] AttentionMask, long ClassLabel = 0, long[]? TokenLabels = null);
