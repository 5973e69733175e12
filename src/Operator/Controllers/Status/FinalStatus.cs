using System.Text.Json.Nodes;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Runtime;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>
/// Completes a Succeeded job's status when the trainer's final report did not arrive (operator restarted, failover, a
/// lost request): progress at 100 %, the metrics and checkpoint of the trainer's final summary (its termination message),
/// and the output where the spec put it. Pure: the same job and pods give the same patch.
/// </summary>
public static class FinalStatus
{
    /// <summary>The output status of a job: the location and format from its own spec, at most the size from the trainer.</summary>
    public static ProgressOutput OutputOf(FineTuneJobSpec spec, long? sizeBytes) =>
        new(spec.Output.Uri, string.IsNullOrEmpty(spec.Output.Format) ? Defaults.OutputFormat : spec.Output.Format, sizeBytes);

    /// <summary>True when a Succeeded status shows everything a finished job must: 100 % progress and its output.</summary>
    public static bool IsComplete(FineTuneJob job) =>
        job.Status?.Progress?.Percent == 100 && job.Status.Output?.Uri == job.Spec.Output.Uri;

    /// <summary>
    /// True while the Job is Complete but the pod cache, which may lag the Job informer, shows no succeeded pod yet (within
    /// <see cref="FailureClassifier.PodCacheGrace"/>): completing now would lose the trainer's summary for good.
    /// </summary>
    public static bool AwaitsPodCache(V1Job? trainerJob, IReadOnlyList<V1Pod> pods, DateTime now) =>
        trainerJob?.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "Complete" && condition.Status == "True") is { } complete
        && !pods.Any(PodFacts.IsSucceeded)
        && now - (complete.LastTransitionTime ?? now) < FailureClassifier.PodCacheGrace;

    /// <summary>The status merge patch (<c>{"status": ...}</c>) that completes <paramref name="job"/>, or null when nothing is missing or the pod cache must catch up first.</summary>
    public static JsonObject? CompletionPatch(FineTuneJob job, string decidedPhase, V1Job? trainerJob, IReadOnlyList<V1Pod> pods, DateTime now)
    {
        if (decidedPhase != FineTuneJobPhase.Succeeded || IsComplete(job) || AwaitsPodCache(trainerJob, pods, now))
        {
            return null;
        }

        var summary = pods.Where(PodFacts.IsSucceeded).Select(PodFacts.Summary).FirstOrDefault(found => found?.Phase == ReportPhase.Completed);
        var known = job.Status?.Progress;
        var total = summary?.TotalSteps ?? known?.TotalSteps ?? known?.Step ?? 0;
        var report = summary?.ToReport() ?? new ProgressReport(total, total, Phase: ReportPhase.Completed, Final: true);
        var checkpoint = report.Checkpoint;
        var progress = new JobProgress(
            new ObjectKey(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name),
            report,
            report.Eval,
            checkpoint,
            OutputOf(job.Spec, summary?.Output?.SizeBytes ?? job.Status?.Output?.SizeBytes),
            new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)),
            0);
        return ProgressPatch.Build(progress);
    }
}
