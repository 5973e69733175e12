namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Values of status.trials[*].phase.</summary>
public static class TrialPhase
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    /// <summary>Stopped by the median rule (worse than the median of the completed trials at the same step), or by asha at the end of a rung.</summary>
    public const string EarlyStopped = "EarlyStopped";

    /// <summary>asha: finished a rung, waits until it ranks in the top of the rung (continues) or the search ends (EarlyStopped).</summary>
    public const string Paused = "Paused";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Running, Paused, Succeeded, Failed, EarlyStopped];
}
