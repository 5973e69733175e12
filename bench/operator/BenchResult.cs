namespace KubeTune.Bench.Operator;

/// <summary>The one JSON line bench/operator/run.sh prints.</summary>
public sealed record BenchResult(
    int Jobs,
    int JobsSeen,
    double SecondsToLastJob,
    double JobsPerSecond,
    double CreateSeconds,
    double CreateToJobP50,
    double CreateToJobP99,
    double OperatorRssMb,
    double OperatorPeakRssMb,
    double OperatorCpuSeconds,
    double OperatorCpuMsPerJob,
    double DevClusterRssMb,
    double DevClusterPeakRssMb,
    double DevClusterCpuSeconds,
    double WritesPerJob,
    long IdleWrites,
    double RestartResyncSeconds,
    long RestartWrites,
    string Load);
