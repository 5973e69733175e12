using k8s.Models;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>What the status needs to know about one trainer pod, read the way a kubelet reports it.</summary>
public static class PodFacts
{
    public const string OomKilled = "OOMKilled";
    private static readonly string[] ImagePullReasons = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"];

    public static bool IsFailed(V1Pod pod) => pod.Status?.Phase == "Failed";

    public static bool IsRunning(V1Pod pod) => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null;

    public static bool IsSucceeded(V1Pod pod) => pod.Status?.Phase == "Succeeded";

    public static bool IsPending(V1Pod pod) => pod.Status?.Phase is null or "Pending";

    /// <summary>Evicted or preempted: the pod carries DisruptionTarget=True; such failures never count as restarts.</summary>
    public static bool IsDisruption(V1Pod pod) =>
        pod.Status?.Conditions?.Any(condition => condition.Type == TrainerJobBuilder.DisruptionTarget && condition.Status == "True") == true;

    /// <summary>A failure that counts against backoffLimit.</summary>
    public static bool IsCountedFailure(V1Pod pod) => IsFailed(pod) && !IsDisruption(pod);

    /// <summary>The trainer exited with a code the Job's FailJob rule acts on (invalid input, diverged): the pod is not retried.</summary>
    public static bool FailsJobAtOnce(V1Pod pod) =>
        IsFailed(pod) && Terminated(pod)?.ExitCode is ExitCodes.InvalidInput or ExitCodes.Diverged;

    /// <summary>The trainer's final summary from its termination message, when it wrote one.</summary>
    public static FinalSummary? Summary(V1Pod pod) => TerminationMessage.TryParse(Terminated(pod)?.Message);

    public static V1ContainerStatus? Trainer(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(status => status.Name == TrainerPaths.ContainerName)
        ?? pod.Status?.ContainerStatuses?.FirstOrDefault();

    public static V1ContainerStateTerminated? Terminated(V1Pod pod) => Trainer(pod)?.State?.Terminated ?? Trainer(pod)?.LastState?.Terminated;

    /// <summary>The waiting reason when the trainer's image cannot be pulled, else null.</summary>
    public static string? ImagePullProblem(V1Pod pod)
    {
        var waiting = Trainer(pod)?.State?.Waiting;
        return waiting is not null && ImagePullReasons.Contains(waiting.Reason) ? waiting.Reason : null;
    }

    /// <summary>The scheduler's message when it could not place the pod, else null.</summary>
    public static string? Unschedulable(V1Pod pod)
    {
        var scheduled = pod.Status?.Conditions?.FirstOrDefault(condition => condition.Type == "PodScheduled");
        return scheduled is { Status: "False", Reason: "Unschedulable" } ? scheduled.Message ?? "no node fits the pod" : null;
    }

    /// <summary>When the trainer started running in this pod, if it ever did.</summary>
    public static DateTime? StartedAt(V1Pod pod)
    {
        var state = Trainer(pod)?.State;
        return state?.Running?.StartedAt ?? state?.Terminated?.StartedAt ?? (pod.Status?.Phase is "Running" or "Succeeded" or "Failed" ? pod.Status.StartTime : null);
    }

    /// <summary>When the pod ended, for ordering failures; falls back to its creation.</summary>
    public static DateTime FinishedAt(V1Pod pod) =>
        Terminated(pod)?.FinishedAt ?? pod.Metadata.CreationTimestamp ?? DateTime.MinValue;

    /// <summary>"exit code 1", "OOMKilled (exit code 137)", "evicted: ...": why a pod failed, in words.</summary>
    public static string DescribeFailure(V1Pod pod)
    {
        if (IsDisruption(pod))
        {
            var disruption = pod.Status!.Conditions!.First(condition => condition.Type == TrainerJobBuilder.DisruptionTarget);
            return $"disrupted ({disruption.Reason ?? "DisruptionTarget"})";
        }

        var terminated = Terminated(pod);
        if (terminated is null)
        {
            return pod.Status?.Reason ?? "failed";
        }

        return terminated.Reason == OomKilled ? $"OOMKilled (exit code {terminated.ExitCode})" : $"exit code {terminated.ExitCode}";
    }
}
