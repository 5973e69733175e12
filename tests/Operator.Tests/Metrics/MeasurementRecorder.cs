using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KubeTune.Operator.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Operator.Tests.Metrics;

/// <summary>Listens to one OperatorMetrics instance and keeps every measurement with its tags.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly ServiceProvider provider;
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, string?> Tags)> measurements = new();

    public MeasurementRecorder()
    {
        provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new OperatorMetrics(provider.GetRequiredService<IMeterFactory>());
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    public OperatorMetrics Metrics { get; }

    public IReadOnlyList<(double Value, Dictionary<string, string?> Tags)> Of(string name)
    {
        listener.RecordObservableInstruments();
        return measurements.Where(m => m.Name == name).Select(m => (m.Value, m.Tags)).ToList();
    }

    public void Dispose()
    {
        listener.Dispose();
        provider.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagMap = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            tagMap[tag.Key] = tag.Value?.ToString();
        }

        measurements.Enqueue((instrument.Name, value, tagMap));
    }
}
