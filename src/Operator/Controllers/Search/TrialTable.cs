using System.Globalization;
using System.Text;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Pure text for a search: the trials table sorted by objective (best first, trials without one last, in index
/// order) with the steps each trained (and asha's rung), and one progress line per running trial. Used by the local
/// command and the README.
/// </summary>
public static class TrialTable
{
    public const string BestMark = "<- best";

    public static string Format(FineTuneJob job)
    {
        var metric = job.Spec.Search?.Objective?.Metric ?? "objective";
        var goal = job.Spec.Search?.Objective?.Goal;
        var trials = Sorted(job.Status?.Trials ?? [], job.Metadata.Name, goal);
        var rungs = AshaRungs.IsAsha(job.Spec.Search);
        var header = new List<string> { "TRIAL", "PHASE", metric.ToUpperInvariant(), "STEPS" };
        if (rungs)
        {
            header.Add("RUNG");
        }

        header.AddRange(["PARAMETERS", string.Empty]);
        var rows = new List<string[]> { header.ToArray() };
        rows.AddRange(trials.Select(trial => new[]
        {
            trial.Name,
            trial.Phase ?? TrialPhase.Pending,
            trial.Objective is { } objective ? objective.ToString("0.0000", CultureInfo.InvariantCulture) : "-",
            trial.Steps?.ToString(CultureInfo.InvariantCulture) ?? "-",
            rungs ? (trial.Rung ?? 0).ToString(CultureInfo.InvariantCulture) : null,
            TrialSpec.Describe(trial.Parameters),
            trial.Name == job.Status?.BestTrial ? BestMark : string.Empty,
        }.OfType<string>().ToArray()));
        var columns = rows[0].Length - 1;
        var widths = Enumerable.Range(0, columns).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Take(columns).Select((cell, column) => cell.PadRight(widths[column]))) + "  " + row[columns];
            text.AppendLine(line.TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>"t1  step 40/120  33%  eval_loss 0.5213": one running trial's progress.</summary>
    public static string ProgressLine(string metric, TrialHistory history)
    {
        var text = new StringBuilder(history.Trial);
        text.Append(CultureInfo.InvariantCulture, $"  step {history.Step}/{(history.TotalSteps > 0 ? history.TotalSteps.ToString(CultureInfo.InvariantCulture) : "?")}");
        if (history.Percent is { } percent)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {percent:0}%");
        }

        if (ObjectiveMetric.Series(metric, history.Points) is { Count: > 0 } series)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {metric} {series[^1].Value:0.0000}");
        }

        return text.ToString();
    }

    /// <summary>Best objective first (asha: highest rung first, as lower rungs trained less); trials without an objective after, by index.</summary>
    public static IReadOnlyList<TrialStatus> Sorted(IEnumerable<TrialStatus> trials, string jobName, string? goal)
    {
        var sign = ObjectiveMetric.Maximizes(goal) ? -1 : 1;
        return trials
            .OrderBy(trial => trial.Objective is null ? 1 : 0)
            .ThenByDescending(trial => trial.Rung ?? 0)
            .ThenBy(trial => trial.Objective is { } objective ? sign * objective : 0)
            .ThenBy(trial => TrialNames.IndexOf(jobName, trial.Name) ?? int.MaxValue)
            .ToList();
    }
}
