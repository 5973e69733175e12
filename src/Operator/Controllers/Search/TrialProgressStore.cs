using KubeTune.Operator.Progress;
using KubeTune.Operator.Runtime;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Progress reports of search trials, attributed by the reporting pod's kubetune.io/trial label: each trial's metric
/// points by step and latest progress. In memory: after an operator restart the trials' final objectives survive in
/// status.trials, only the per-step history the median rule reads starts afresh.
/// </summary>
public sealed class TrialProgressStore
{
    private readonly Dictionary<ObjectKey, Dictionary<string, TrialHistory>> jobs = [];
    private readonly Lock gate = new();

    /// <summary>Raised after a report was recorded, with the search job's key, so the job is reconciled again.</summary>
    public event Action<ObjectKey>? Recorded;

    /// <summary>Records a report from a pod labelled kubetune.io/trial=<paramref name="trialLabel"/>; null when the label is not a trial index.</summary>
    public TrialHistory? RecordLabelled(ObjectKey job, string trialLabel, ProgressReport report) =>
        int.TryParse(trialLabel, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? Record(job, TrialNames.NameOf(job.Name, index), report)
            : null;

    /// <summary>Records one report of trial <paramref name="trial"/> (its Job's name) of <paramref name="job"/>.</summary>
    public TrialHistory Record(ObjectKey job, string trial, ProgressReport report)
    {
        TrialHistory next;
        lock (gate)
        {
            if (!jobs.TryGetValue(job, out var trials))
            {
                jobs[job] = trials = new Dictionary<string, TrialHistory>(StringComparer.Ordinal);
            }

            trials.TryGetValue(trial, out var current);
            var points = (current?.Points ?? []).ToDictionary(point => point.Step);
            if (report.Loss is { } loss)
            {
                points[report.Step] = (points.GetValueOrDefault(report.Step) ?? new TrialMetricPoint(report.Step)) with { TrainLoss = loss };
            }

            if (report.Eval is { } eval)
            {
                points[eval.Step] = (points.GetValueOrDefault(eval.Step) ?? new TrialMetricPoint(eval.Step)) with
                {
                    EvalLoss = eval.EvalLoss,
                    EvalAccuracy = eval.EvalAccuracy,
                    EvalF1 = eval.EvalF1,
                    Perplexity = eval.Perplexity,
                };
            }

            var newer = current is null || report.Final || report.Step >= current.Step;
            next = new TrialHistory(
                trial,
                [.. points.Values.OrderBy(point => point.Step)],
                newer ? report.Step : current!.Step,
                newer ? report.TotalSteps : current!.TotalSteps,
                newer ? report.PercentDone : current!.Percent,
                // A report past a final one is an asha trial resuming in its next rung: not final any more.
                report.Final || (current?.Final == true && report.Step <= current.Step));
            trials[trial] = next;
        }

        Recorded?.Invoke(job);
        return next;
    }

    /// <summary>The histories of every trial of <paramref name="job"/> that reported, by trial name.</summary>
    public IReadOnlyDictionary<string, TrialHistory> Of(ObjectKey job)
    {
        lock (gate)
        {
            return jobs.TryGetValue(job, out var trials) ? new Dictionary<string, TrialHistory>(trials, StringComparer.Ordinal) : new Dictionary<string, TrialHistory>();
        }
    }

    /// <summary>Forgets a deleted job's trials.</summary>
    public void Remove(ObjectKey job)
    {
        lock (gate)
        {
            jobs.Remove(job);
        }
    }
}
