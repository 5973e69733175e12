using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace KubeTune.Operator.Metrics;

/// <summary>
/// The operator's own instruments on the "KubeTune.Operator" meter. Names carry their Prometheus
/// suffixes already, so the OpenTelemetry exporter publishes them exactly as DESIGN.md lists them.
/// </summary>
public sealed class OperatorMetrics
{
    public const string MeterName = "KubeTune.Operator";

    public const string ResultSuccess = "success";
    public const string ResultRequeue = "requeue";
    public const string ResultError = "error";

    // Reconciles take milliseconds to tens of seconds; the exporter's default buckets assume milliseconds.
    private static readonly double[] ReconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram<double> reconcileDuration;
    private long reconcileErrors;
    private readonly Counter<long> watchRestarts;
    private readonly Lock gate = new();
    private Func<int>? workQueueDepth;
    private Func<IEnumerable<KeyValuePair<string, int>>>? jobsByPhase;

    public OperatorMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(new MeterOptions(MeterName));
        reconcileDuration = Meter.CreateHistogram(
            "kubetune_reconcile_duration_seconds",
            unit: "s",
            description: "Time one reconcile of a FineTuneJob took, by result (success, requeue, error).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReconcileBuckets });
        // Observable, so the series exists at 0 from the first scrape instead of appearing with the first error.
        Meter.CreateObservableCounter(
            "kubetune_reconcile_errors_total",
            () => Volatile.Read(ref reconcileErrors),
            description: "Reconciles that failed and were requeued with backoff.");
        watchRestarts = Meter.CreateCounter<long>(
            "kubetune_watch_restarts_total",
            description: "Watches restarted, by resource and reason (closed, gone, silent, error).");
        Meter.CreateObservableGauge(
            "kubetune_workqueue_depth",
            () => ReadWorkQueueDepth(),
            description: "Keys waiting in the reconcile work queue.");
        Meter.CreateObservableGauge(
            "kubetune_jobs",
            () => ReadJobsByPhase(),
            description: "FineTuneJobs in the operator's cache, by status.phase.");
    }

    /// <summary>
    /// Series an instrument may have. OpenTelemetry allocates a stream's slots up front (2,000 by default, 144 KB for each
    /// instrument); every label set here is small and fixed (results, phases, resources), and the per-job series are
    /// written by <see cref="JobSeries"/>.
    /// </summary>
    public const int SeriesLimit = 100;

    /// <summary>
    /// A view that keeps only the operator meters <paramref name="meterFactory"/> created (a MeterProvider subscribes by
    /// meter name, so without it every operator host in one process would merge, and when disposed end, the others'
    /// series) and gives every instrument it keeps <see cref="SeriesLimit"/> series.
    /// </summary>
    public static Func<Instrument, MetricStreamConfiguration?> OnlyFrom(IMeterFactory meterFactory) =>
        instrument => instrument.Meter.Name == MeterName && !ReferenceEquals(instrument.Meter.Scope, meterFactory)
            ? MetricStreamConfiguration.Drop
            : new MetricStreamConfiguration { CardinalityLimit = SeriesLimit };

    /// <summary>The meter, for other parts of the operator (per-job progress metrics) to add instruments to.</summary>
    public Meter Meter { get; }

    public void RecordReconcile(TimeSpan duration, string result) =>
        reconcileDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("result", result));

    public void RecordReconcileError() => Interlocked.Increment(ref reconcileErrors);

    public void RecordWatchRestart(string resource, string reason) =>
        watchRestarts.Add(1, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Sets where <c>kubetune_workqueue_depth</c> reads its value.</summary>
    public void ObserveWorkQueueDepth(Func<int> depth)
    {
        lock (gate)
        {
            workQueueDepth = depth;
        }
    }

    /// <summary>Sets where <c>kubetune_jobs{phase}</c> reads its counts.</summary>
    public void ObserveJobsByPhase(Func<IEnumerable<KeyValuePair<string, int>>> counts)
    {
        lock (gate)
        {
            jobsByPhase = counts;
        }
    }

    private int ReadWorkQueueDepth()
    {
        Func<int>? source;
        lock (gate)
        {
            source = workQueueDepth;
        }

        return source?.Invoke() ?? 0;
    }

    private IEnumerable<Measurement<int>> ReadJobsByPhase()
    {
        Func<IEnumerable<KeyValuePair<string, int>>>? source;
        lock (gate)
        {
            source = jobsByPhase;
        }

        if (source is null)
        {
            return [];
        }

        return source().Select(pair => new Measurement<int>(pair.Value, new KeyValuePair<string, object?>("phase", pair.Key))).ToList();
    }
}
