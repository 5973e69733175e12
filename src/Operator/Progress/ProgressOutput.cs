namespace KubeTune.Operator.Progress;

/// <summary>The written result in a (final) report.</summary>
public sealed record ProgressOutput(string Uri, string Format, long? SizeBytes);
