namespace KubeTune.Contracts;

/// <summary>The base model's location as the user wrote it.</summary>
public sealed record ModelSection(string Uri);
