namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The median stopping rule: a running trial whose objective at its latest evaluation is worse than the median of
/// the completed trials' objectives at the same step is stopped. It needs <see cref="MinCompletedTrials"/> completed
/// trials that reported at or before that step, so one lucky first trial does not stop everything.
/// </summary>
public static class MedianStoppingRule
{
    public const int MinCompletedTrials = 2;

    /// <summary>Why the running trial should stop (one line), or null to let it run.</summary>
    public static string? ShouldStop(string metric, string? goal, bool best, IReadOnlyList<TrialMetricPoint> running, IReadOnlyList<IReadOnlyList<TrialMetricPoint>> completed)
    {
        var series = ObjectiveMetric.Series(metric, running);
        if (series.Count == 0)
        {
            return null;
        }

        var step = series[^1].Step;
        var current = ObjectiveMetric.Objective(metric, goal, best, running, step)!.Value;
        var peers = completed
            .Select(points => ObjectiveMetric.Objective(metric, goal, best, points, step))
            .Where(value => value is not null)
            .Select(value => value!.Value)
            .ToList();
        if (peers.Count < MinCompletedTrials)
        {
            return null;
        }

        var median = Median(peers);
        return ObjectiveMetric.IsBetter(median, current, goal)
            ? $"{metric} {current:G4} at step {step} is worse than the median {median:G4} of {peers.Count} completed trials"
            : null;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
