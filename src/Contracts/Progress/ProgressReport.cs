namespace KubeTune.Contracts;

/// <summary>
/// One progress report (docs/progress-report.md): a JSON line on the trainer's stdout, a line of training_log.jsonl
/// and the body POSTed to the operator. The newest evaluation and checkpoint ride along on every report, so a report
/// dropped by throttling loses nothing. Phase is one of <see cref="ReportPhase"/>.
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
        Final && Phase == ReportPhase.Completed ? 100
        : TotalSteps > 0 ? Math.Round(100.0 * Step / TotalSteps, 2)
        : Percent;
}
