using System.Globalization;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.LeaderElection;

namespace KubeTune.Operator.Metrics;

/// <summary>
/// The per-job series of DESIGN.md (labels namespace and name) and <c>kubetune_trial_objective{namespace,name,trial}</c>,
/// written into /metrics from the FineTuneJob summaries at each scrape. They are not OpenTelemetry instruments: a
/// cumulative OpenTelemetry stream keeps a slot for every series it has ever seen and stops at 2,000, so past 2,000 jobs
/// (at once, or over the operator's life) the new jobs' series all fell into one overflow series. Exported by the
/// leader only: every replica may take a report, but the status is the one truth, so two replicas never double a sum.
/// A deleted job's series go with it.
/// </summary>
public sealed class JobSeries(ResourceInformer<FineTuneJob> jobs, Leadership leadership)
{
    private static readonly JobGauge[] Gauges =
    [
        new("kubetune_job_progress_ratio", "gauge", "Fraction of the training steps done (0 to 1).", job => job.Progress?.Percent / 100),
        new("kubetune_job_step", "gauge", "Optimizer steps done.", job => job.Progress?.Step),
        new("kubetune_job_epoch", "gauge", "Epochs done, fractional.", job => job.Progress?.Epoch),
        new("kubetune_job_train_loss", "gauge", "The latest training loss.", job => job.Metrics?.TrainLoss),
        new("kubetune_job_eval_loss", "gauge", "The latest loss on the validation set.", job => job.Metrics?.EvalLoss),
        new("kubetune_job_learning_rate", "gauge", "The current learning rate.", job => job.Metrics?.LearningRate),
        new("kubetune_job_tokens_per_second", "gauge", "Training throughput in tokens per second.", job => job.Progress?.TokensPerSecond),
        new("kubetune_job_samples_per_second", "gauge", "Training throughput in samples per second.", job => job.Progress?.SamplesPerSecond),
        new("kubetune_job_eta_seconds", "gauge", "Estimated seconds until training ends.", job => job.Progress?.EtaSeconds),
        new("kubetune_job_restarts_total", "counter", "Trainer pods of a FineTuneJob that failed and were retried (status.restarts).", job => job.Restarts),
    ];

    private const string TrialObjective = "kubetune_trial_objective";

    /// <summary>The metric names this writes, for the OpenTelemetry side to leave alone.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Gauges.Select(gauge => gauge.Name), TrialObjective];

    /// <summary>Writes every series in the Prometheus text format (0.0.4); nothing on a standby replica.</summary>
    public async Task WriteAsync(TextWriter writer)
    {
        if (!leadership.IsLeading)
        {
            return;
        }

        var summaries = jobs.Summaries<FineTuneJobSummary>().OrderBy(job => job.Namespace, StringComparer.Ordinal).ThenBy(job => job.Name, StringComparer.Ordinal).ToList();
        foreach (var gauge in Gauges)
        {
            await writer.WriteAsync($"# HELP {gauge.Name} {gauge.Help}\n# TYPE {gauge.Name} {gauge.Type}\n").ConfigureAwait(false);
            foreach (var job in summaries)
            {
                if (gauge.Value(job) is { } value)
                {
                    await writer.WriteAsync($"{gauge.Name}{{namespace=\"{Escape(job.Namespace)}\",name=\"{Escape(job.Name)}\"}} {Format(value)}\n").ConfigureAwait(false);
                }
            }
        }

        await writer.WriteAsync($"# HELP {TrialObjective} A search trial's objective (spec.search.objective.metric), by trial.\n# TYPE {TrialObjective} gauge\n").ConfigureAwait(false);
        foreach (var job in summaries)
        {
            foreach (var trial in job.Trials)
            {
                if (trial.Objective is { } objective)
                {
                    await writer.WriteAsync($"{TrialObjective}{{namespace=\"{Escape(job.Namespace)}\",name=\"{Escape(job.Name)}\",trial=\"{Escape(trial.Name)}\"}} {Format(objective)}\n").ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A label value as the text format wants it: backslash, double quote and line feed escaped.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny("\\\"\n") < 0 ? value : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private sealed record JobGauge(string Name, string Type, string Help, Func<FineTuneJobSummary, double?> Value);
}
