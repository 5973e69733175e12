using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Asynchronous successive halving (Li et al. 2018), pure: the rungs' step budgets, and whether a trial that finished a
/// rung continues. Rung r ends at minSteps * reductionFactor^r steps while that is below hyperparameters.maxSteps; the
/// last rung ends at maxSteps. A trial may continue when it ranks in the top floor(n / reductionFactor) of the n trials
/// that finished the same rung so far (itself included, ties in its favour); see <see cref="AshaScheduler"/>.
/// </summary>
public static class AshaRungs
{
    public static bool IsAsha(SearchSpec? search) => search?.Algorithm == SearchAlgorithm.Asha;

    public static int ReductionFactor(SearchSpec search) => search.ReductionFactor ?? Defaults.SearchReductionFactor;

    /// <summary>The step at which each rung ends, rung 0 first; the last is <paramref name="maxSteps"/>.</summary>
    public static IReadOnlyList<long> Budgets(long minSteps, int reductionFactor, long maxSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        var budgets = new List<long>();
        for (var budget = minSteps; budget < maxSteps; budget = budget > maxSteps / reductionFactor ? maxSteps : budget * reductionFactor)
        {
            budgets.Add(budget);
        }

        budgets.Add(maxSteps);
        return budgets;
    }

    /// <summary>The rung budgets of a valid asha spec (see <see cref="SearchSpaceValidator"/>).</summary>
    public static IReadOnlyList<long> Budgets(FineTuneJobSpec spec) =>
        Budgets(spec.Search!.MinSteps!.Value, ReductionFactor(spec.Search), spec.Hyperparameters!.MaxSteps!.Value);

    /// <summary>The stopAtStep of a trial's Job in <paramref name="rung"/>: its budget, or null for the last rung (train to the end).</summary>
    public static long? StopAt(FineTuneJobSpec spec, int rung)
    {
        if (!IsAsha(spec.Search))
        {
            return null;
        }

        var budgets = Budgets(spec);
        return rung < budgets.Count - 1 ? budgets[rung] : null;
    }

    /// <summary>
    /// Whether a trial with <paramref name="value"/> at the end of a rung may continue, given the values of the other
    /// trials that finished that rung: it ranks in the top floor(n / reductionFactor) of the n results (ties in its favour).
    /// </summary>
    public static RungDecision Decide(double value, IEnumerable<double> others, int reductionFactor, string? goal)
    {
        var peers = others.ToList();
        var rank = 1 + peers.Count(other => ObjectiveMetric.IsBetter(other, value, goal));
        var count = peers.Count + 1;
        var keep = count / reductionFactor;
        return new RungDecision(rank <= keep, rank, keep, count);
    }
}
