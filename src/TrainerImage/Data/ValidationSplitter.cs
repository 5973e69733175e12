namespace KubeTune.Trainer.Data;

/// <summary>
/// Holds out a seeded fraction of the examples for validation; for classification each class gives its own share
/// (stratified), so both splits keep the class proportions. Both splits stay in file order.
/// </summary>
internal static class ValidationSplitter
{
    // A shuffle stream no epoch uses, so the split is independent of the epochs' orders.
    private const long SplitStream = -1;

    public static (int[] Train, int[] Validation) Split(int count, double fraction, long seed, Func<int, int>? classOf)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (fraction <= 0 || count < 2)
        {
            return (all, []);
        }

        var groups = classOf is null ? [all] : all.GroupBy(classOf).OrderBy(group => group.Key).Select(group => group.ToArray()).ToList();
        var held = new List<int>();
        foreach (var group in groups)
        {
            var take = (int)Math.Round(group.Length * fraction, MidpointRounding.AwayFromZero);
            held.AddRange(BatchOrder.Shuffle(group, seed, SplitStream).Take(Math.Min(take, group.Length - (groups.Count == 1 ? 1 : 0))));
        }

        if (held.Count == 0)
        {
            // A tiny dataset still gets one validation example when a split was asked for.
            held.Add(BatchOrder.Shuffle(all, seed, SplitStream)[0]);
        }

        var validation = held.Order().ToArray();
        var heldSet = validation.ToHashSet();
        return (all.Where(i => !heldSet.Contains(i)).ToArray(), validation);
    }
}
