namespace KubeTune.Operator.Controllers.Search;

/// <summary>What one trial has reported: its metric points by step, and its latest progress (for display).</summary>
public sealed record TrialHistory(
    string Trial,
    IReadOnlyList<TrialMetricPoint> Points,
    long Step,
    long TotalSteps,
    double? Percent,
    bool Final);
