namespace KubeTune.Operator.Progress;

/// <summary>
/// One validated report from a trainer (docs/progress-report.md; the trainer's side is
/// src/TrainerImage/Reporting/ProgressReport). Every number is finite and within its range.
/// </summary>
public sealed record ProgressReport(
    long Step,
    long TotalSteps,
    double? Epoch = null,
    double? Percent = null,
    string? Phase = null,
    double? Loss = null,
    double? LearningRate = null,
    double? TokensPerSecond = null,
    double? SamplesPerSecond = null,
    double? EtaSeconds = null,
    DateTimeOffset? Timestamp = null,
    bool Final = false,
    ProgressEvaluation? Eval = null,
    ProgressCheckpoint? Checkpoint = null,
    ProgressOutput? Output = null,
    string? Message = null)
{
    /// <summary>step / totalSteps in percent (the report's own percent when totalSteps is not known), 100 for a final report of a completed run.</summary>
    public double? PercentDone =>
        Final && Phase == "Completed" ? 100
        : TotalSteps > 0 ? Math.Round(100.0 * Step / TotalSteps, 2)
        : Percent;
}
