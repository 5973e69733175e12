namespace KubeTune.Trainer.Import;

/// <summary>One node attribute; only the fields of its kind are set (ints for pads/strides, f for epsilon, s for auto_pad).</summary>
public sealed record OnnxAttribute(string Name, long? Int, float? Float, string? Text, IReadOnlyList<long> Ints);
