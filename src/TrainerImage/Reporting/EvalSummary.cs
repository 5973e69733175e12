namespace KubeTune.Trainer.Reporting;

/// <summary>The metrics of one evaluation (names as status.metrics: evalLoss, evalAccuracy, evalF1, perplexity).</summary>
public sealed record EvalSummary(
    int Step,
    double EvalLoss,
    double? EvalAccuracy = null,
    double? EvalF1 = null,
    double? Perplexity = null,
    IReadOnlyList<double>? Precision = null,
    IReadOnlyList<double>? Recall = null);
