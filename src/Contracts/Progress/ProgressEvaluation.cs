namespace KubeTune.Contracts;

/// <summary>The metrics of the newest evaluation (names as status.metrics); precision and recall per class for classification.</summary>
public sealed record ProgressEvaluation(
    long Step,
    double? EvalLoss,
    double? EvalAccuracy = null,
    double? EvalF1 = null,
    double? Perplexity = null,
    IReadOnlyList<double>? Precision = null,
    IReadOnlyList<double>? Recall = null);
