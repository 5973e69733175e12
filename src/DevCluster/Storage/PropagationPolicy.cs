namespace KubeTune.DevCluster.Storage;

/// <summary>What happens to an object's dependents when it is deleted (DeleteOptions.propagationPolicy).</summary>
public enum PropagationPolicy
{
    /// <summary>Delete now; the garbage collector deletes dependents afterwards.</summary>
    Background,

    /// <summary>Keep the owner (foregroundDeletion finalizer) until its dependents are gone.</summary>
    Foreground,

    /// <summary>Delete now and remove the owner reference from dependents.</summary>
    Orphan,
}
