namespace KubeTune.Trainer.Data;

/// <summary>
/// Seeded permutations defined here (SplitMix64 and Fisher-Yates) rather than by System.Random, so an order depends
/// only on (seed, epoch) and never on the runtime version.
/// </summary>
internal static class BatchOrder
{
    public static int[] Shuffle(IReadOnlyList<int> items, long seed, long stream)
    {
        var result = items.ToArray();
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL);
        for (var i = result.Length - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
