namespace KubeTune.Contracts;

/// <summary>
/// The trainer's compact final summary, written on exit to its termination message (<see cref="TerminationMessage"/>),
/// so that the final state reaches the operator through the pod's status even when the final report does not.
/// Phase is one of <see cref="ReportPhase"/>.
/// </summary>
public sealed record FinalSummary(
    string Phase,
    long Step,
    long TotalSteps,
    double? Loss = null,
    ProgressEvaluation? Eval = null,
    ProgressOutput? Output = null,
    ProgressCheckpoint? Checkpoint = null,
    string? Message = null)
{
    /// <summary>The summary of a final report.</summary>
    public static FinalSummary From(ProgressReport report) =>
        new(report.Phase ?? ReportPhase.Running, report.Step, report.TotalSteps, ProgressJson.Finite(report.Loss), report.Eval, report.Output, report.Checkpoint, report.Message);

    /// <summary>The summary as a final report (what the operator applies when the report itself never arrived).</summary>
    public ProgressReport ToReport() =>
        new(Step, TotalSteps, Phase: Phase, Loss: Loss, Final: true, Eval: Eval, Checkpoint: Checkpoint, Output: Output, Message: Message, Percent: Phase == ReportPhase.Completed ? 100 : null, EtaSeconds: Phase == ReportPhase.Completed ? 0 : null);
}
