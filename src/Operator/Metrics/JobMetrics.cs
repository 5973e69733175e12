using System.Diagnostics.Metrics;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.LeaderElection;

namespace KubeTune.Operator.Metrics;

/// <summary>
/// The per-job gauges of DESIGN.md on the operator's meter, labelled namespace and name only. They are computed at
/// each scrape from the FineTuneJob status in the cache, and exported by the leader only: every replica may take a
/// report, but the status is the one truth, so two replicas never double a sum and no series depends on which
/// replica a trainer reached. A deleted job's series disappear with it.
/// </summary>
public sealed class JobMetrics
{
    private readonly ResourceInformer<FineTuneJob> jobs;
    private readonly Leadership leadership;

    public JobMetrics(OperatorMetrics metrics, ResourceInformer<FineTuneJob> jobs, Leadership leadership)
    {
        this.jobs = jobs;
        this.leadership = leadership;
        var meter = metrics.Meter;
        Gauge(meter, "kubetune_job_progress_ratio", "Fraction of the training steps done (0 to 1).", status => status.Progress?.Percent / 100);
        Gauge(meter, "kubetune_job_step", "Optimizer steps done.", status => status.Progress?.Step);
        Gauge(meter, "kubetune_job_epoch", "Epochs done, fractional.", status => status.Progress?.Epoch);
        Gauge(meter, "kubetune_job_train_loss", "The latest training loss.", status => status.Metrics?.TrainLoss);
        Gauge(meter, "kubetune_job_eval_loss", "The latest loss on the validation set.", status => status.Metrics?.EvalLoss);
        Gauge(meter, "kubetune_job_learning_rate", "The current learning rate.", status => status.Metrics?.LearningRate);
        Gauge(meter, "kubetune_job_tokens_per_second", "Training throughput in tokens per second.", status => status.Progress?.TokensPerSecond);
        Gauge(meter, "kubetune_job_samples_per_second", "Training throughput in samples per second.", status => status.Progress?.SamplesPerSecond);
        Gauge(meter, "kubetune_job_eta_seconds", "Estimated seconds until training ends.", status => status.Progress?.EtaSeconds);
        meter.CreateObservableCounter(
            "kubetune_job_restarts_total",
            ReadRestarts,
            description: "Trainer pods of a FineTuneJob that failed and were retried (status.restarts).");
    }

    private static KeyValuePair<string, object?>[] Labels(FineTuneJob job) =>
        [new("namespace", job.Metadata.NamespaceProperty ?? string.Empty), new("name", job.Metadata.Name)];

    private void Gauge(Meter meter, string name, string description, Func<FineTuneJobStatus, double?> value) =>
        meter.CreateObservableGauge(name, () => Read(value), description: description);

    private IEnumerable<FineTuneJob> Exported() => leadership.IsLeading ? jobs.List() : [];

    private List<Measurement<double>> Read(Func<FineTuneJobStatus, double?> value) =>
        [.. Exported().Where(job => job.Status is not null && value(job.Status) is not null).Select(job => new Measurement<double>(value(job.Status!)!.Value, Labels(job)))];

    private List<Measurement<long>> ReadRestarts() =>
        [.. Exported().Select(job => new Measurement<long>(job.Status?.Restarts ?? 0, Labels(job)))];
}
