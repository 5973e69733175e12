namespace KubeTune.DevCluster.Storage;

/// <summary>What the garbage collector has to do: objects to delete and foreground owners to release.</summary>
internal sealed record GarbageReport(IReadOnlyList<ObjectReference> Dependents, IReadOnlyList<ObjectReference> FinishedForegroundOwners)
{
    public bool IsEmpty => Dependents.Count == 0 && FinishedForegroundOwners.Count == 0;
}
