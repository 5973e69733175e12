namespace KubeTune.Trainer.Import;

/// <summary>A graph input or output: its name and shape (-1 for a symbolic or unknown dimension).</summary>
public sealed record OnnxValueInfo(string Name, IReadOnlyList<long> Dims);
