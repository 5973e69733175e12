namespace KubeTune.Operator.Progress;

/// <summary>The metrics of the newest evaluation in a report.</summary>
public sealed record ProgressEvaluation(long Step, double? EvalLoss, double? EvalAccuracy, double? EvalF1, double? Perplexity);
