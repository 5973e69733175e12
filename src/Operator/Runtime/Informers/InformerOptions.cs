namespace KubeTune.Operator.Runtime.Informers;

/// <summary>How an informer lists, watches and resyncs.</summary>
public sealed record InformerOptions
{
    /// <summary>Namespaces to watch; empty means all namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Every cached object is handed to the event handlers again this often (zero: never).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The server closes each watch after about this long (jittered up to twice), like client-go.</summary>
    public TimeSpan WatchServerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that delivered nothing for this long is assumed dead and restarted.</summary>
    public TimeSpan WatchSilenceTimeout { get; init; } = TimeSpan.FromMinutes(11);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
