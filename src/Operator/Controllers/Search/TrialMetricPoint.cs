namespace KubeTune.Operator.Controllers.Search;

/// <summary>The metrics a trial reported at one optimizer step (train loss from a progress line, the rest from an evaluation).</summary>
public sealed record TrialMetricPoint(long Step, double? TrainLoss = null, double? EvalLoss = null, double? EvalAccuracy = null, double? EvalF1 = null, double? Perplexity = null);
