using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>
/// The kstatus conditions Flux, Argo CD and `kubectl wait --for=condition=Ready` read, derived from the phase and
/// the FineTuneJob's own conditions: Ready (True once Succeeded), Reconciling (True while work is in progress),
/// Stalled (True when the job cannot make progress: Failed, or an invalid spec that waits for a fix).
/// </summary>
public static class KstatusConditions
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";

    /// <summary>The reason while the job waits for its first trainer pod and nothing else explains why.</summary>
    public const string PendingReason = "Pending";

    /// <summary>Every kstatus type, in the order they are documented.</summary>
    public static IReadOnlyList<string> All { get; } = [Ready, Reconciling, Stalled];

    /// <summary>Sets the three conditions on <paramref name="status"/> from its phase and conditions (pure, in place).</summary>
    public static void Apply(FineTuneJobStatus status, long? generation, DateTime now)
    {
        var conditions = status.Conditions ??= [];
        var (reason, message) = Explain(status);
        var succeeded = status.Phase == FineTuneJobPhase.Succeeded;
        var stalled = status.Phase == FineTuneJobPhase.Failed || IsInvalidSpec(conditions);
        var reconciling = !stalled && status.Phase is FineTuneJobPhase.Pending or FineTuneJobPhase.Queued or FineTuneJobPhase.Running;

        ConditionSet.Set(conditions, Ready, succeeded, reason, message, generation, now);
        ConditionSet.Set(conditions, Reconciling, reconciling, reason, message, generation, now);
        ConditionSet.Set(conditions, Stalled, stalled, reason, message, generation, now);
    }

    /// <summary>The reason and message of the condition that decides the phase.</summary>
    private static (string Reason, string Message) Explain(FineTuneJobStatus status)
    {
        var conditions = status.Conditions!;
        if (IsInvalidSpec(conditions))
        {
            return From(ConditionSet.Find(conditions, ConditionTypes.Accepted)!);
        }

        var deciding = status.Phase switch
        {
            FineTuneJobPhase.Succeeded => ConditionTypes.Succeeded,
            FineTuneJobPhase.Failed => ConditionTypes.Failed,
            FineTuneJobPhase.Suspended => ConditionTypes.Suspended,
            FineTuneJobPhase.Queued => ConditionTypes.Queued,
            FineTuneJobPhase.Running => ConditionTypes.Running,
            _ => null,
        };
        return deciding is not null && ConditionSet.Find(conditions, deciding) is { Status: ConditionSet.True } condition
            ? From(condition)
            : (PendingReason, "waiting for the trainer pod to start");
    }

    private static (string Reason, string Message) From(V1Condition condition) =>
        (condition.Reason ?? condition.Type, string.IsNullOrEmpty(condition.Message) ? condition.Type : condition.Message);

    private static bool IsInvalidSpec(IEnumerable<V1Condition> conditions) =>
        ConditionSet.Find(conditions, ConditionTypes.Accepted) is { Status: ConditionSet.False };
}
