using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Metrics;

/// <summary>
/// What every metrics scrape reads of a FineTuneJob, kept with its packed cache entry so that a scrape of 10,000 jobs
/// unpacks none of them: the key, the phase, and the status sections the per-job and trial series show.
/// </summary>
public sealed record FineTuneJobSummary(string Namespace, string Name, string? Phase, int Restarts, TrainingProgress? Progress, TrainingMetrics? Metrics, IReadOnlyList<TrialStatus> Trials)
{
    public static object Of(FineTuneJob job) => new FineTuneJobSummary(
        job.Metadata.NamespaceProperty ?? string.Empty,
        job.Metadata.Name ?? string.Empty,
        job.Status?.Phase,
        job.Status?.Restarts ?? 0,
        job.Status?.Progress,
        job.Status?.Metrics,
        job.Status?.Trials is { Count: > 0 } trials ? [.. trials] : []);
}
