using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>
/// Computes a FineTuneJob's status from what is observed (pure). Terminal states stick: once Succeeded or
/// Failed, later passes change nothing, so a deleted Job or pod cannot turn a finished job back into a running one.
/// </summary>
public static class StatusCalculator
{
    /// <summary>How soon to look again when a failed Job's reason is not known yet.</summary>
    public static readonly TimeSpan ReasonRecheck = TimeSpan.FromSeconds(1);

    public static StatusDecision Compute(StatusInputs inputs)
    {
        var decision = ComputePhase(inputs);
        KstatusConditions.Apply(decision.Status, inputs.FineTuneJob.Metadata.Generation, Truncate(inputs.Now));
        return decision;
    }

    /// <summary>The phase and the FineTuneJob's own conditions; the kstatus conditions follow from them.</summary>
    private static StatusDecision ComputePhase(StatusInputs inputs)
    {
        var job = inputs.FineTuneJob;
        var old = job.Status;
        var generation = job.Metadata.Generation;
        var now = Truncate(inputs.Now);
        var conditions = ConditionSet.Copy(old?.Conditions);
        var status = new FineTuneJobStatus
        {
            Conditions = conditions,
            ObservedGeneration = generation,
            StartTime = old?.StartTime,
            CompletionTime = old?.CompletionTime,
            Restarts = old?.Restarts,
            Phase = old?.Phase,
        };

        if (inputs.Problems.Count > 0)
        {
            ConditionSet.Set(conditions, ConditionTypes.Accepted, false, ConditionReasons.InvalidSpec, SpecValidator.Describe(inputs.Problems), generation, now);
            status.Phase = FineTuneJobPhase.Pending;
            return new StatusDecision(status, StopTrainerJob: false, RecheckAfter: null, LastFailure: null);
        }

        ConditionSet.Set(conditions, ConditionTypes.Accepted, true, ConditionReasons.Valid, "the spec is valid", generation, now);
        if (IsFinished(old))
        {
            status.Phase = ConditionSet.IsTrue(conditions, ConditionTypes.Succeeded) ? FineTuneJobPhase.Succeeded : FineTuneJobPhase.Failed;
            return new StatusDecision(status, StopTrainerJob: false, RecheckAfter: null, LastFailure: null);
        }

        var pods = inputs.Pods;
        var trainerJob = inputs.TrainerJob;
        var restarted = pods.Where(PodFacts.IsCountedFailure).Where(pod => !PodFacts.FailsJobAtOnce(pod)).OrderByDescending(PodFacts.FinishedAt).ToList();
        var restarts = Math.Max(old?.Restarts ?? 0, Math.Max(restarted.Count, Retried(trainerJob, pods)));
        status.Restarts = restarts > 0 ? restarts : old?.Restarts;
        var lastFailure = restarted.Count > 0 ? PodFacts.DescribeFailure(restarted[0]) : null;
        status.StartTime ??= pods.Select(PodFacts.StartedAt).Where(time => time is not null).Select(time => Truncate(time!.Value)).Order().Cast<DateTime?>().FirstOrDefault();

        var queueName = QueueName(job);
        var jobConditions = trainerJob?.Status?.Conditions ?? [];
        var complete = jobConditions.FirstOrDefault(condition => condition.Type == "Complete" && condition.Status == "True");
        var failed = jobConditions.FirstOrDefault(condition => condition.Type == "Failed" && condition.Status == "True");
        var (imagePullFailure, imagePullWait) = ImagePull(pods, now, inputs.ImagePullGracePeriod);

        if (complete is not null)
        {
            status.CompletionTime = Truncate(trainerJob!.Status.CompletionTime ?? complete.LastTransitionTime ?? now);
            Finish(conditions, ConditionTypes.Succeeded, ConditionReasons.Completed, "the trainer finished and wrote the output", generation, now);
            status.Phase = FineTuneJobPhase.Succeeded;
            return new StatusDecision(status, false, null, lastFailure);
        }

        if (failed is not null || imagePullFailure is not null)
        {
            var classified = failed is not null
                ? FailureClassifier.Classify(failed, trainerJob!, pods, now)
                : (ConditionReasons.ImagePullFailed, imagePullFailure!);
            if (classified is not { } known)
            {
                // Not finished until the reason is known: the pod cache catches up within moments.
                status.Phase = old?.Phase ?? FineTuneJobPhase.Running;
                return new StatusDecision(status, false, ReasonRecheck, lastFailure);
            }

            var (reason, message) = known;
            Finish(conditions, ConditionTypes.Failed, reason, message, generation, now);
            status.Phase = FineTuneJobPhase.Failed;
            return new StatusDecision(status, StopTrainerJob: failed is null, null, lastFailure);
        }

        // Before the Job is observed, a queued job is created suspended: show what it will be.
        var jobSuspended = trainerJob?.Spec?.Suspend ?? (queueName is not null || job.Spec.Suspend == true);
        if (queueName is not null && jobSuspended)
        {
            ConditionSet.Set(conditions, ConditionTypes.Queued, true, ConditionReasons.WaitingForQueue, $"waiting for Kueue to admit the job from queue {queueName}", generation, now);
            ConditionSet.Clear(conditions, ConditionTypes.Running, ConditionReasons.WaitingForQueue, "the job is queued", generation, now);
            status.Phase = FineTuneJobPhase.Queued;
            return new StatusDecision(status, false, null, lastFailure);
        }

        if (queueName is null && job.Spec.Suspend == true)
        {
            ConditionSet.Set(conditions, ConditionTypes.Suspended, true, ConditionReasons.UserSuspended, "spec.suspend is true; the trainer pods are stopped", generation, now);
            ConditionSet.Clear(conditions, ConditionTypes.Running, ConditionReasons.UserSuspended, "the job is suspended", generation, now);
            status.Phase = FineTuneJobPhase.Suspended;
            return new StatusDecision(status, false, null, lastFailure);
        }

        ConditionSet.Clear(conditions, ConditionTypes.Suspended, ConditionReasons.Resumed, "spec.suspend is false; the job runs again", generation, now);
        var running = pods.Any(PodFacts.IsRunning);
        var unschedulable = pods.Where(PodFacts.IsPending).Select(PodFacts.Unschedulable).FirstOrDefault(message => message is not null);
        if (unschedulable is not null && !running)
        {
            ConditionSet.Set(conditions, ConditionTypes.Queued, true, ConditionReasons.Unschedulable, $"waiting for a node: {unschedulable}", generation, now);
            status.Phase = FineTuneJobPhase.Queued;
            return new StatusDecision(status, false, imagePullWait, lastFailure);
        }

        ConditionSet.Clear(conditions, ConditionTypes.Queued, "Admitted", "the job left the queue", generation, now);
        if (restarts > 0)
        {
            ConditionSet.Set(conditions, ConditionTypes.Running, true, ConditionReasons.Restarting, $"the trainer restarted {restarts} {(restarts == 1 ? "time" : "times")}; last failure: {lastFailure}", generation, now);
            status.Phase = FineTuneJobPhase.Running;
        }
        else if (running)
        {
            ConditionSet.Set(conditions, ConditionTypes.Running, true, ConditionReasons.PodRunning, "the trainer pod is running", generation, now);
            status.Phase = FineTuneJobPhase.Running;
        }
        else if (pods.Any(PodFacts.IsSucceeded))
        {
            // The kubelet reports the pod's end before the Job controller marks the Job Complete: still Running, not Pending.
            ConditionSet.Set(conditions, ConditionTypes.Running, true, ConditionReasons.PodRunning, "the trainer pod finished; waiting for the Job to complete", generation, now);
            status.Phase = FineTuneJobPhase.Running;
        }
        else if (ConditionSet.IsTrue(conditions, ConditionTypes.Running))
        {
            // A running job whose pod is being replaced (deleted, disrupted) keeps its phase: it never goes back to Pending.
            status.Phase = FineTuneJobPhase.Running;
        }
        else
        {
            status.Phase = FineTuneJobPhase.Pending;
        }

        return new StatusDecision(status, false, imagePullWait, lastFailure);
    }

    /// <summary>Failed pods the Job controller replaced: its failed count, less the pod its FailJob rule failed the Job for.</summary>
    private static int Retried(V1Job? trainerJob, IReadOnlyList<V1Pod> pods)
    {
        var failed = trainerJob?.Status?.Failed ?? 0;
        var failedAtOnce = Math.Max(FailureClassifier.IsFailJob(trainerJob) ? 1 : 0, pods.Count(pod => PodFacts.IsCountedFailure(pod) && PodFacts.FailsJobAtOnce(pod)));
        return Math.Max(0, failed - failedAtOnce);
    }

    /// <summary>True once the status carries a true Succeeded or Failed condition.</summary>
    public static bool IsFinished(FineTuneJobStatus? status) =>
        ConditionSet.IsTrue(status?.Conditions, ConditionTypes.Succeeded) || ConditionSet.IsTrue(status?.Conditions, ConditionTypes.Failed);

    /// <summary>When the job finished: completionTime, else the time its Failed condition turned true.</summary>
    public static DateTime? FinishedAt(FineTuneJobStatus? status) =>
        status?.CompletionTime ?? (ConditionSet.Find(status?.Conditions, ConditionTypes.Failed) is { Status: ConditionSet.True } failed ? failed.LastTransitionTime : null);

    public static string? QueueName(FineTuneJob job) =>
        job.Metadata.Labels?.TryGetValue(ChildLabels.KueueQueueName, out var queue) == true && !string.IsNullOrEmpty(queue) ? queue : null;

    /// <summary>metav1.Time has whole seconds; truncating keeps an unchanged status byte-for-byte equal.</summary>
    public static DateTime Truncate(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private static void Finish(List<V1Condition> conditions, string type, string reason, string message, long? generation, DateTime now)
    {
        ConditionSet.Set(conditions, type, true, reason, message, generation, now);
        ConditionSet.Clear(conditions, ConditionTypes.Running, reason, "the trainer is no longer running", generation, now);
        ConditionSet.Clear(conditions, ConditionTypes.Queued, reason, "the job is finished", generation, now);
    }

    /// <summary>A pod stuck pulling its image longer than the grace fails the job; a shorter wait asks for a recheck when the grace ends.</summary>
    private static (string? Failure, TimeSpan? Recheck) ImagePull(IReadOnlyList<V1Pod> pods, DateTime now, TimeSpan grace)
    {
        TimeSpan? recheck = null;
        foreach (var pod in pods.Where(PodFacts.IsPending))
        {
            if (PodFacts.ImagePullProblem(pod) is not { } reason)
            {
                continue;
            }

            var since = Truncate(pod.Status?.StartTime ?? pod.Metadata.CreationTimestamp ?? now);
            var waited = now - since;
            if (waited >= grace)
            {
                var image = PodFacts.Trainer(pod)?.Image ?? pod.Spec?.Containers?.FirstOrDefault()?.Image;
                return ($"the trainer image {image} could not be pulled for {waited.TotalSeconds:0}s ({reason}): {PodFacts.Trainer(pod)?.State?.Waiting?.Message}".TrimEnd(' ', ':'), null);
            }

            var remaining = grace - waited;
            recheck = recheck is null || remaining < recheck ? remaining : recheck;
        }

        return (null, recheck);
    }
}
