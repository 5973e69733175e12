using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>
/// The computed status, whether the trainer Job must be stopped (its image cannot be pulled), when to look
/// again even if nothing changes, and the latest counted pod failure in words (for the Restarted event).
/// </summary>
public sealed record StatusDecision(FineTuneJobStatus Status, bool StopTrainerJob, TimeSpan? RecheckAfter, string? LastFailure);
