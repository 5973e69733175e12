using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Reads a search objective from trial reports. eval_loss is evalLoss, eval_accuracy evalAccuracy, eval_f1 evalF1,
/// perplexity perplexity (from evaluations), train_loss the loss of the progress lines.
/// </summary>
public static class ObjectiveMetric
{
    public static double? ValueOf(string metric, TrialMetricPoint point) => metric switch
    {
        MetricName.EvalLoss => point.EvalLoss,
        MetricName.EvalAccuracy => point.EvalAccuracy,
        MetricName.EvalF1 => point.EvalF1,
        MetricName.Perplexity => point.Perplexity,
        MetricName.TrainLoss => point.TrainLoss,
        _ => throw new ArgumentException($"'{metric}' is not one of {string.Join(", ", MetricName.All)}", nameof(metric)),
    };

    public static bool Maximizes(string? goal) => goal == ObjectiveGoal.Maximize;

    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="other"/> under the goal.</summary>
    public static bool IsBetter(double candidate, double other, string? goal) => Maximizes(goal) ? candidate > other : candidate < other;

    /// <summary>The metric's values by ascending step.</summary>
    public static IReadOnlyList<(long Step, double Value)> Series(string metric, IEnumerable<TrialMetricPoint> points) =>
        points.OrderBy(point => point.Step)
            .Select(point => (point.Step, Value: ValueOf(metric, point)))
            .Where(pair => pair.Value is not null)
            .Select(pair => (pair.Step, pair.Value!.Value))
            .ToList();

    /// <summary>
    /// A trial's objective up to <paramref name="upToStep"/>: its best value with early stopping (the trainer keeps the
    /// best model), else its latest; null when it reported none.
    /// </summary>
    public static double? Objective(string metric, string? goal, bool best, IEnumerable<TrialMetricPoint> points, long upToStep = long.MaxValue)
    {
        double? result = null;
        foreach (var (_, value) in Series(metric, points).Where(pair => pair.Step <= upToStep))
        {
            result = !best || result is null || IsBetter(value, result.Value, goal) ? value : result;
        }

        return result;
    }
}
