using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>The best trial: the succeeded trial with the best objective under the goal; a tie goes to the earlier trial.</summary>
public static class BestTrialSelector
{
    public static TrialStatus? Select(IEnumerable<TrialStatus> trials, string? goal)
    {
        TrialStatus? best = null;
        foreach (var trial in trials.Where(trial => trial.Phase == TrialPhase.Succeeded && trial.Objective is not null))
        {
            if (best is null || ObjectiveMetric.IsBetter(trial.Objective!.Value, best.Objective!.Value, goal))
            {
                best = trial;
            }
        }

        return best;
    }
}
