using System.Diagnostics.Metrics;
using KubeTune.Operator.Metrics;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>Counts one replica's kubetune_watch_restarts_total samples with reason "gone" for one resource.</summary>
internal sealed class GoneWatchCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private int count;

    public GoneWatchCounter(OperatorMetrics metrics, string resource)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "kubetune_watch_restarts_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var tagged = tags.ToArray();
            if (tagged.Any(tag => tag is { Key: "reason", Value: "gone" }) && tagged.Any(tag => tag.Key == "resource" && Equals(tag.Value, resource)))
            {
                Interlocked.Increment(ref count);
            }
        });
        listener.Start();
    }

    public int Count => Volatile.Read(ref count);

    public void Dispose() => listener.Dispose();
}
