using System.Diagnostics.Metrics;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// <c>kubetune_trials{phase}</c> (trials of all jobs) on the operator's meter, counted from the FineTuneJob summaries at
/// each scrape; the per-trial <c>kubetune_trial_objective</c> is one of the <see cref="JobSeries"/>.
/// </summary>
public sealed class TrialMetrics
{
    private readonly ResourceInformer<FineTuneJob> jobs;

    public TrialMetrics(OperatorMetrics metrics, ResourceInformer<FineTuneJob> jobs)
    {
        this.jobs = jobs;
        metrics.Meter.CreateObservableGauge("kubetune_trials", ReadPhases, description: "Search trials of all FineTuneJobs, by phase.");
    }

    private IEnumerable<Measurement<int>> ReadPhases()
    {
        var trials = jobs.Summaries<FineTuneJobSummary>().SelectMany(job => job.Trials).ToList();
        return TrialPhase.All
            .Select(phase => new Measurement<int>(trials.Count(trial => trial.Phase == phase), new KeyValuePair<string, object?>("phase", phase)))
            .ToList();
    }
}
