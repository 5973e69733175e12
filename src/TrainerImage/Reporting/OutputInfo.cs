namespace KubeTune.Trainer.Reporting;

/// <summary>The written result (status.output): where, in which format (safetensors or peft-adapter) and its size.</summary>
public sealed record OutputInfo(string Uri, string Format, long SizeBytes);
