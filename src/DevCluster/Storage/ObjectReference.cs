namespace KubeTune.DevCluster.Storage;

/// <summary>Points at one stored object.</summary>
public sealed record ObjectReference(ResourceType Type, string Namespace, string Name);
