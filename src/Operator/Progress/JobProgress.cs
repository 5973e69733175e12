using KubeTune.Operator.Runtime;

namespace KubeTune.Operator.Progress;

/// <summary>
/// What is known of one job's training: the newest applied report, the newest evaluation and checkpoint seen
/// (reports that carry none keep the earlier ones), when it arrived, and a sequence that grows with every change.
/// </summary>
public sealed record JobProgress(
    ObjectKey Job,
    ProgressReport Report,
    ProgressEvaluation? Eval,
    ProgressCheckpoint? Checkpoint,
    ProgressOutput? Output,
    DateTimeOffset ReceivedAt,
    long Sequence)
{
    /// <summary>The report's own time, else when it arrived: what orders two reports of the same step.</summary>
    public DateTimeOffset ReportedAt => Report.Timestamp ?? ReceivedAt;
}
