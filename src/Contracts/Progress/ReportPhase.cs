namespace KubeTune.Contracts;

/// <summary>Values of a progress report's phase.</summary>
public static class ReportPhase
{
    public const string Running = "Running";
    public const string Evaluated = "Evaluated";
    public const string Completed = "Completed";
    public const string Preempted = "Preempted";
    public const string Diverged = "Diverged";
    public const string Failed = "Failed";
}
