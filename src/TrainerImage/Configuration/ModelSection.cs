namespace KubeTune.Trainer.Configuration;

/// <summary>The base model's URI and, in a pod, the path the operator placed it at.</summary>
public sealed record ModelSection(string Uri, string? Path);
