namespace KubeTune.Trainer.Evaluation;

/// <summary>
/// transformers' EarlyStoppingCallback: counts evaluations in a row without an improvement of the metric and stops at
/// <c>patience</c>; losses and perplexity improve downwards, accuracy and F1 upwards.
/// </summary>
public sealed class EarlyStopping
{
    public EarlyStopping(string metric, int patience, double? best = null, int? bestStep = null, int evaluationsWithoutImprovement = 0)
    {
        if (patience < 1)
        {
            throw new InvalidInputException($"earlyStopping.patience {patience} must be at least 1");
        }

        Metric = metric;
        Patience = patience;
        Best = best;
        BestStep = bestStep;
        EvaluationsWithoutImprovement = evaluationsWithoutImprovement;
    }

    public string Metric { get; }

    public int Patience { get; }

    public bool GreaterIsBetter => Metric is "eval_accuracy" or "eval_f1";

    public double? Best { get; private set; }

    public int? BestStep { get; private set; }

    public int EvaluationsWithoutImprovement { get; private set; }

    public bool ShouldStop => EvaluationsWithoutImprovement >= Patience;

    /// <summary>Takes over the bookkeeping of a resumed run.</summary>
    public void Restore(double best, int bestStep, int evaluationsWithoutImprovement)
    {
        Best = best;
        BestStep = bestStep;
        EvaluationsWithoutImprovement = evaluationsWithoutImprovement;
    }

    /// <summary>Records a value; true when it is the best so far (the model to keep).</summary>
    public bool Observe(double value, int step)
    {
        var improved = Best is not { } best || (GreaterIsBetter ? value > best : value < best);
        if (improved)
        {
            Best = value;
            BestStep = step;
            EvaluationsWithoutImprovement = 0;
        }
        else
        {
            EvaluationsWithoutImprovement++;
        }

        return improved;
    }
}
