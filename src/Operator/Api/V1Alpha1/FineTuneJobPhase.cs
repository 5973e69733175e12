namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Values of status.phase.</summary>
public static class FineTuneJobPhase
{
    public const string Pending = "Pending";
    public const string Queued = "Queued";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Queued, Running, Succeeded, Failed, Suspended];
}
