namespace KubeTune.Operator.Runtime.LeaderElection;

/// <summary>
/// Whether this replica leads now (runs the reconcile workers): what only the leader exports, such as
/// <c>kubetune_jobs</c> and the per-job gauges, reads it so that two replicas never double a sum.
/// </summary>
public sealed class Leadership
{
    private int leading;

    public bool IsLeading => Volatile.Read(ref leading) == 1;

    /// <summary>Marks this replica leading until the returned scope is disposed (the term ends).</summary>
    public IDisposable Lead()
    {
        Volatile.Write(ref leading, 1);
        return new Term(this);
    }

    private sealed class Term(Leadership owner) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref owner.leading, 0);
    }
}
