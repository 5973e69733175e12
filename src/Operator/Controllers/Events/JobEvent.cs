namespace KubeTune.Operator.Controllers.Events;

/// <summary>
/// One Kubernetes Event to record on a FineTuneJob. <see cref="Key"/> identifies the transition, so recording
/// the same transition twice (a re-reconcile from a stale cache) finds the event already there.
/// </summary>
public sealed record JobEvent(string Type, string Reason, string Message, string Key)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
