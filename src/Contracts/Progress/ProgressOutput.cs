namespace KubeTune.Contracts;

/// <summary>The written result (status.output): where, in which format (safetensors or peft-adapter) and its size.</summary>
public sealed record ProgressOutput(string Uri, string Format, long? SizeBytes);
