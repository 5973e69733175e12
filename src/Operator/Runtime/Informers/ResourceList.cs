namespace KubeTune.Operator.Runtime.Informers;

/// <summary>A consistent list of objects and the resourceVersion to watch from.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
