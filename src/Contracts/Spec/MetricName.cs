namespace KubeTune.Contracts;

/// <summary>Metric names, as the trainer reports them, usable as search objective and early-stopping metric.</summary>
public static class MetricName
{
    public const string TrainLoss = "train_loss";
    public const string EvalLoss = "eval_loss";
    public const string EvalAccuracy = "eval_accuracy";
    public const string EvalF1 = "eval_f1";
    public const string Perplexity = "perplexity";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [TrainLoss, EvalLoss, EvalAccuracy, EvalF1, Perplexity];
}
