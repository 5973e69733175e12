namespace KubeTune.Contracts;

/// <summary>Stop when Metric (one of <see cref="MetricName"/>) has not improved for Patience evaluations in a row.</summary>
public sealed record EarlyStoppingSection(string Metric, int Patience);
