using System.Globalization;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Local;

/// <summary>How a hyperparameter search reads in the terminal: how many trials are done, and each running trial's line.</summary>
public static class SearchText
{
    public static bool IsSearch(FineTuneJob job) => job.Spec.Search is not null;

    public static string Metric(FineTuneJob job) => job.Spec.Search?.Objective?.Metric ?? "objective";

    /// <summary>How many trials the search runs in all; 0 before the operator accepted the spec.</summary>
    public static int TrialCount(FineTuneJob job) =>
        job.Spec.Search is { } search && job.Status?.Trials is { Count: > 0 } ? SearchSpace.TrialCount(search) : 0;

    public static int DoneCount(FineTuneJob job) => job.Status?.Trials?.Count(trial => SearchPlanner.IsDone(trial.Phase)) ?? 0;

    /// <summary>"trials 1/4 done · best search-t1 eval_loss 0.6803", or null before the first trial.</summary>
    public static string? Summary(FineTuneJob job)
    {
        if (TrialCount(job) is not (> 0 and var count))
        {
            return null;
        }

        var text = $"trials {DoneCount(job)}/{count} done";
        var best = job.Status?.Trials?.FirstOrDefault(trial => trial.Name == job.Status.BestTrial);
        if (best?.Objective is { } objective)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · best {best.Name} {Metric(job)} {objective:0.0000}");
        }

        return text;
    }

    /// <summary>The trials that run now, each with what it reported so far (null before its first report).</summary>
    public static IReadOnlyList<(TrialStatus Trial, TrialHistory? History)> Running(FineTuneJob job, IReadOnlyDictionary<string, TrialHistory> histories) =>
        [.. (job.Status?.Trials ?? [])
            .Where(trial => trial.Phase == TrialPhase.Running)
            .Select(trial => (trial, histories.GetValueOrDefault(trial.Name)))];

    /// <summary>"search-t1  step 12/24  50%  eval_loss 0.6812", or "search-t1  Running" before its first report.</summary>
    public static string TrialLine(FineTuneJob job, TrialStatus trial, TrialHistory? history) =>
        history is null ? $"{trial.Name}  {trial.Phase ?? TrialPhase.Pending}" : TrialTable.ProgressLine(Metric(job), history);
}
