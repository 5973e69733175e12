using System.Diagnostics.Metrics;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The search gauges on the operator's meter, read from the FineTuneJob cache at each scrape:
/// <c>kubetune_trial_objective{namespace,name,trial}</c> and <c>kubetune_trials{phase}</c> (trials of all jobs).
/// </summary>
public sealed class TrialMetrics
{
    private readonly ResourceInformer<FineTuneJob> jobs;

    public TrialMetrics(OperatorMetrics metrics, ResourceInformer<FineTuneJob> jobs)
    {
        this.jobs = jobs;
        metrics.Meter.CreateObservableGauge("kubetune_trial_objective", ReadObjectives, description: "A search trial's objective (spec.search.objective.metric), by trial.");
        metrics.Meter.CreateObservableGauge("kubetune_trials", ReadPhases, description: "Search trials of all FineTuneJobs, by phase.");
    }

    private IEnumerable<Measurement<double>> ReadObjectives() =>
        jobs.List()
            .SelectMany(job => (job.Status?.Trials ?? [])
                .Where(trial => trial.Objective is not null)
                .Select(trial => new Measurement<double>(
                    trial.Objective!.Value,
                    new KeyValuePair<string, object?>("namespace", job.Metadata.NamespaceProperty),
                    new KeyValuePair<string, object?>("name", job.Metadata.Name),
                    new KeyValuePair<string, object?>("trial", trial.Name))))
            .ToList();

    private IEnumerable<Measurement<int>> ReadPhases()
    {
        var trials = jobs.List().SelectMany(job => job.Status?.Trials ?? []).ToList();
        return TrialPhase.All
            .Select(phase => new Measurement<int>(trials.Count(trial => trial.Phase == phase), new KeyValuePair<string, object?>("phase", phase)))
            .ToList();
    }
}
