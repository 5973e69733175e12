namespace KubeTune.Bench.Operator;

/// <summary>
/// The one JSON line bench/operator/run.sh prints. Times in seconds from the first create; writes are resourceVersion
/// steps (every stored change makes one); restart sync is start to /readyz (caches listed), reconciled is start to every
/// FineTuneJob reconciled with an empty queue. OperatorRuntime is native (AOT, as the image) or jit; the idle RSS is
/// the ready operator's before the first create.
/// </summary>
public sealed record BenchResult(
    string OperatorRuntime,
    int Jobs,
    int JobsSeen,
    double SecondsToLastJob,
    double JobsPerSecond,
    double CreateSeconds,
    double CreateToJobP50,
    double CreateToJobP99,
    double OperatorIdleRssMb,
    double OperatorRssMb,
    double OperatorPeakRssMb,
    double OperatorCpuSeconds,
    double OperatorCpuMsPerJob,
    double DevClusterRssMb,
    double DevClusterPeakRssMb,
    double DevClusterCpuSeconds,
    double WritesPerJob,
    long IdleWrites,
    double RestartSyncSeconds,
    double RestartReconciledSeconds,
    long RestartWrites,
    string Load);
