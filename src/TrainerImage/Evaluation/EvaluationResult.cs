namespace KubeTune.Trainer.Evaluation;

/// <summary>One pass over the validation data: mean loss, classification metrics (classification tasks) or perplexity (LM tasks).</summary>
public sealed record EvaluationResult(int Step, double Loss, long Examples, ClassificationMetrics? Classification, double? Perplexity)
{
    /// <summary>The value of a metric by its config name (earlyStopping.metric), or null when this evaluation has none.</summary>
    public double? Metric(string name) => name switch
    {
        "eval_loss" => Loss,
        "eval_accuracy" => Classification?.Accuracy,
        "eval_f1" => Classification?.MacroF1,
        "perplexity" => Perplexity,
        _ => null,
    };
}
