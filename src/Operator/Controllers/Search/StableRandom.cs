namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// SplitMix64: a tiny PRNG whose output is fixed by its definition, unlike System.Random's, so a trial's
/// parameters are the same on every operator version and after every restart.
/// </summary>
public sealed class StableRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>A generator for one draw of one trial: depends only on the search seed, the trial index and the parameter name.</summary>
    public static StableRandom For(long seed, int trial, string parameter)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in parameter)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }

        return new StableRandom(Mix(Mix(unchecked((ulong)seed)) ^ Mix((ulong)trial + 0x632BE59BD9B4E019UL) ^ hash));
    }

    public ulong NextUInt64()
    {
        state = unchecked(state + 0x9E3779B97F4A7C15UL);
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
