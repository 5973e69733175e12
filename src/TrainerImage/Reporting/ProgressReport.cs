namespace KubeTune.Trainer.Reporting;

/// <summary>
/// One progress report: a JSON line on stdout, a line of training_log.jsonl and the body POSTed to the operator.
/// The newest evaluation and checkpoint ride along on every report, so a report dropped by throttling loses nothing.
/// </summary>
public sealed record ProgressReport(
    string Phase,
    int Step,
    int TotalSteps,
    double Epoch,
    double Percent,
    double? Loss,
    double? LearningRate,
    double? TokensPerSecond,
    double? SamplesPerSecond,
    double? EtaSeconds,
    DateTimeOffset Timestamp,
    bool Final = false,
    EvalSummary? Eval = null,
    CheckpointInfo? Checkpoint = null,
    OutputInfo? Output = null,
    string? Message = null)
{
    public const string Running = "Running";
    public const string Evaluated = "Evaluated";
    public const string Completed = "Completed";
    public const string Preempted = "Preempted";
    public const string Diverged = "Diverged";
    public const string Failed = "Failed";
}
