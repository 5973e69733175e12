namespace KubeTune.Operator.Tests.Runtime.LeaderElection;

/// <summary>Counts replicas leading at the same moment, across all replicas of a test.</summary>
internal sealed class LeadershipTally
{
    private int leadingNow;
    private int mostAtOnce;

    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    public void Started()
    {
        var now = Interlocked.Increment(ref leadingNow);
        int seen;
        while ((seen = Volatile.Read(ref mostAtOnce)) < now && Interlocked.CompareExchange(ref mostAtOnce, now, seen) != seen)
        {
        }
    }

    public void Stopped() => Interlocked.Decrement(ref leadingNow);
}
