using System.Diagnostics.Metrics;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Metrics;

/// <summary>
/// The per-job gauges of DESIGN.md on the operator's meter, labelled namespace and name only. They read the
/// progress store and the FineTuneJob cache at each scrape, so a job's series disappear once it is deleted.
/// </summary>
public sealed class JobMetrics
{
    private readonly ProgressStore store;
    private readonly ResourceInformer<FineTuneJob>? jobs;

    public JobMetrics(OperatorMetrics metrics, ProgressStore store, ResourceInformer<FineTuneJob>? jobs = null)
    {
        this.store = store;
        this.jobs = jobs;
        var meter = metrics.Meter;
        Gauge(meter, "kubetune_job_progress_ratio", "Fraction of the training steps done (0 to 1).", progress => progress.Report.PercentDone / 100);
        Gauge(meter, "kubetune_job_step", "Optimizer steps done.", progress => progress.Report.Step);
        Gauge(meter, "kubetune_job_epoch", "Epochs done, fractional.", progress => progress.Report.Epoch);
        Gauge(meter, "kubetune_job_train_loss", "The latest training loss.", progress => progress.Report.Loss);
        Gauge(meter, "kubetune_job_eval_loss", "The latest loss on the validation set.", progress => progress.Eval?.EvalLoss);
        Gauge(meter, "kubetune_job_learning_rate", "The current learning rate.", progress => progress.Report.LearningRate);
        Gauge(meter, "kubetune_job_tokens_per_second", "Training throughput in tokens per second.", progress => progress.Report.TokensPerSecond);
        Gauge(meter, "kubetune_job_samples_per_second", "Training throughput in samples per second.", progress => progress.Report.SamplesPerSecond);
        Gauge(meter, "kubetune_job_eta_seconds", "Estimated seconds until training ends.", progress => progress.Report.Final && progress.Report.Phase == "Completed" ? 0 : progress.Report.EtaSeconds);
        meter.CreateObservableCounter(
            "kubetune_job_restarts_total",
            ReadRestarts,
            description: "Trainer pod restarts of a FineTuneJob that counted against its backoff limit (status.restarts).");
    }

    private static KeyValuePair<string, object?>[] Labels(string ns, string name) =>
        [new("namespace", ns), new("name", name)];

    private void Gauge(Meter meter, string name, string description, Func<JobProgress, double?> value) =>
        meter.CreateObservableGauge(name, () => Read(value), description: description);

    private IEnumerable<Measurement<double>> Read(Func<JobProgress, double?> value)
    {
        var measurements = new List<Measurement<double>>();
        foreach (var progress in store.All())
        {
            if (value(progress) is { } number && (jobs is null || !jobs.HasSynced || jobs.Get(progress.Job.Namespace, progress.Job.Name) is not null))
            {
                measurements.Add(new Measurement<double>(number, Labels(progress.Job.Namespace, progress.Job.Name)));
            }
        }

        return measurements;
    }

    private IEnumerable<Measurement<long>> ReadRestarts()
    {
        if (jobs is null)
        {
            return [];
        }

        return jobs.List()
            .Select(job => new Measurement<long>(job.Status?.Restarts ?? 0, Labels(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name)))
            .ToList();
    }
}
