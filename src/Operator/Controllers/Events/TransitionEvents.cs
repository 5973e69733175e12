using System.Globalization;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Controllers.Events;

/// <summary>The events a status change deserves (pure): started, restarted, suspended, resumed, queued, succeeded, failed, invalid.</summary>
public static class TransitionEvents
{
    public static IReadOnlyList<JobEvent> Between(FineTuneJobStatus? old, FineTuneJobStatus current, string? lastFailure)
    {
        var events = new List<JobEvent>();
        var before = old?.Conditions;
        var after = current.Conditions;

        if (Flipped(before, after, ConditionTypes.Accepted, ConditionSet.False, out var rejected))
        {
            events.Add(new JobEvent(JobEvent.Warning, ConditionReasons.InvalidSpec, rejected.Message ?? "the spec is invalid", Key("InvalidSpec", before, ConditionTypes.Accepted)));
        }

        if (Flipped(before, after, ConditionTypes.Queued, ConditionSet.True, out var queued))
        {
            events.Add(new JobEvent(JobEvent.Normal, "Queued", queued.Message ?? "queued", Key("Queued", before, ConditionTypes.Queued)));
        }

        if (Flipped(before, after, ConditionTypes.Suspended, ConditionSet.True, out var suspended))
        {
            events.Add(new JobEvent(JobEvent.Normal, "Suspended", suspended.Message ?? "suspended", Key("Suspended", before, ConditionTypes.Suspended)));
        }

        if (Flipped(before, after, ConditionTypes.Suspended, ConditionSet.False, out var resumed))
        {
            events.Add(new JobEvent(JobEvent.Normal, ConditionReasons.Resumed, resumed.Message ?? "resumed", Key("Resumed", before, ConditionTypes.Suspended)));
        }

        var running = ConditionSet.Find(after, ConditionTypes.Running);
        if (Flipped(before, after, ConditionTypes.Running, ConditionSet.True, out _) && running!.Reason == ConditionReasons.PodRunning)
        {
            events.Add(new JobEvent(JobEvent.Normal, "Started", "the trainer pod started", Key("Started", before, ConditionTypes.Running)));
        }

        var restarts = current.Restarts ?? 0;
        if (restarts > (old?.Restarts ?? 0))
        {
            var message = $"the trainer restarted (restart {restarts}){(lastFailure is null ? string.Empty : $": {lastFailure}")}";
            events.Add(new JobEvent(JobEvent.Warning, "Restarted", message, "Restarted/" + restarts.ToString(CultureInfo.InvariantCulture)));
        }

        if (Flipped(before, after, ConditionTypes.Succeeded, ConditionSet.True, out var succeeded))
        {
            events.Add(new JobEvent(JobEvent.Normal, "Succeeded", succeeded.Message ?? "succeeded", "Succeeded"));
        }

        if (Flipped(before, after, ConditionTypes.Failed, ConditionSet.True, out var failed))
        {
            events.Add(new JobEvent(JobEvent.Warning, "Failed", $"{failed.Reason}: {failed.Message}", "Failed"));
        }

        return events;
    }

    /// <summary>True when the condition now has <paramref name="status"/> and did not before (absent counts as different, except for False).</summary>
    private static bool Flipped(IList<V1Condition>? before, IList<V1Condition>? after, string type, string status, out V1Condition condition)
    {
        condition = ConditionSet.Find(after, type)!;
        if (condition?.Status != status)
        {
            return false;
        }

        var previous = ConditionSet.Find(before, type);
        return status == ConditionSet.False ? previous?.Status == ConditionSet.True || (previous is null && type == ConditionTypes.Accepted) : previous?.Status != status;
    }

    /// <summary>The transition's identity: what flipped, and from the state it was in since when (stable across retried passes).</summary>
    private static string Key(string what, IList<V1Condition>? before, string type)
    {
        var previous = ConditionSet.Find(before, type);
        return $"{what}/{previous?.Status ?? "absent"}/{previous?.LastTransitionTime.ToString("O", CultureInfo.InvariantCulture) ?? "never"}";
    }
}
