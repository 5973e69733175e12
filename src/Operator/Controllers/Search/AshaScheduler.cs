using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Events;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// asha's moves on status.trials, pure (Li et al. 2018, asynchronous successive halving): a trial whose rung Job
/// completed records the rung's objective and is Paused (Succeeded after the last rung); a free slot goes first to a
/// Paused trial in the top floor(n / reductionFactor) of its rung (highest rung first, best first), which continues in
/// the next rung from its checkpoint, else to a new trial in rung 0. When nothing runs and no trial is left to start,
/// the best trial of the highest rung goes on if none reached the last rung yet, and the other Paused trials end as
/// EarlyStopped with the rung they reached. Every decision reads only status, so a restarted operator decides the same.
/// </summary>
public static class AshaScheduler
{
    /// <summary>Records the end of <paramref name="trial"/>'s rung: its objective there, and Paused or (last rung) Succeeded.</summary>
    public static void EndRung(TrialStatus trial, IReadOnlyList<long> budgets)
    {
        var rung = trial.Rung ?? 0;
        trial.Steps = budgets[rung];
        trial.RungObjectives = trial.Objective is { } value ? [.. (trial.RungObjectives ?? []).Take(rung), value] : trial.RungObjectives;
        trial.Phase = rung >= budgets.Count - 1 ? TrialPhase.Succeeded : TrialPhase.Paused;
    }

    /// <summary>Promotes up to <paramref name="slots"/> promotable Paused trials; returns how many.</summary>
    public static int Promote(AshaContext context, int slots)
    {
        var promoted = 0;
        while (promoted < slots && Promotable(context) is { } next)
        {
            Continue(context, next.Trial, next.Standing);
            promoted++;
        }

        return promoted;
    }

    /// <summary>
    /// The end of the search's growth (nothing runs, nothing left to start): continues the best Paused trial of the highest
    /// rung when no trial reached the last rung, so the search has a fully trained winner; else stops every Paused trial.
    /// </summary>
    public static void EndGame(AshaContext context)
    {
        var paused = context.Trials.Where(trial => trial.Phase == TrialPhase.Paused).ToList();
        if (paused.Count == 0)
        {
            return;
        }

        if (!context.Trials.Any(trial => trial.Phase == TrialPhase.Succeeded))
        {
            var top = paused.Max(trial => trial.Rung ?? 0);
            var best = Ranked(context, paused.Where(trial => trial.Rung == top && HasResult(trial, top)), top).FirstOrDefault();
            if (best is not null)
            {
                Continue(context, best, $"the best of rung {top}, which no trial has passed yet");
                return;
            }
        }

        foreach (var trial in paused)
        {
            var rung = trial.Rung ?? 0;
            trial.Phase = TrialPhase.EarlyStopped;
            var standing = HasResult(trial, rung) ? Standing(context, trial, rung) : $"it reported no {context.Metric}";
            context.Events.Add(new JobEvent(JobEvent.Normal, SearchReasons.TrialEarlyStopped, $"stopped trial {trial.Name} at rung {rung}: {standing}", $"{SearchReasons.TrialEarlyStopped}/{trial.Name}"));
        }
    }

    private static (TrialStatus Trial, string Standing)? Promotable(AshaContext context)
    {
        for (var rung = context.Budgets.Count - 2; rung >= 0; rung--)
        {
            var candidates = context.Trials.Where(trial => trial.Phase == TrialPhase.Paused && trial.Rung == rung && HasResult(trial, rung));
            foreach (var trial in Ranked(context, candidates, rung))
            {
                if (Decision(context, trial, rung).Promote)
                {
                    return (trial, Standing(context, trial, rung));
                }
            }
        }

        return null;
    }

    private static RungDecision Decision(AshaContext context, TrialStatus trial, int rung) =>
        AshaRungs.Decide(
            trial.RungObjectives![rung],
            context.Trials.Where(other => other != trial && HasResult(other, rung)).Select(other => other.RungObjectives![rung]),
            context.ReductionFactor,
            context.Goal);

    /// <summary>"eval_loss 0.61 after 10 steps ranks 2 of 6 in rung 0, the top 2 continue".</summary>
    private static string Standing(AshaContext context, TrialStatus trial, int rung)
    {
        var decision = Decision(context, trial, rung);
        return $"{context.Metric} {trial.RungObjectives![rung]:G4} after {context.Budgets[rung]} steps ranks {decision.Rank} of {decision.Count} in rung {rung}, the top {decision.Keep} continue";
    }

    private static void Continue(AshaContext context, TrialStatus trial, string why)
    {
        var rung = trial.Rung ?? 0;
        trial.Rung = rung + 1;
        trial.Phase = TrialPhase.Pending;
        context.Create.Add(TrialNames.IndexOf(context.JobName, trial.Name)!.Value);
        context.Events.Add(new JobEvent(
            JobEvent.Normal,
            SearchReasons.TrialPromoted,
            $"promoted trial {trial.Name} to rung {rung + 1} ({context.Budgets[rung + 1]} steps, resuming from its step {context.Budgets[rung]} checkpoint): {why}",
            $"{SearchReasons.TrialPromoted}/{trial.Name}/{rung + 1}"));
    }

    /// <summary>Best objective at <paramref name="rung"/> first; a tie goes to the lower index.</summary>
    private static IEnumerable<TrialStatus> Ranked(AshaContext context, IEnumerable<TrialStatus> trials, int rung)
    {
        var sign = ObjectiveMetric.Maximizes(context.Goal) ? -1 : 1;
        return trials.OrderBy(trial => sign * trial.RungObjectives![rung]).ThenBy(trial => TrialNames.IndexOf(context.JobName, trial.Name));
    }

    private static bool HasResult(TrialStatus trial, int rung) => trial.RungObjectives is { } list && list.Count > rung;
}
