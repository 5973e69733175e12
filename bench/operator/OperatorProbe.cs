using System.Globalization;

namespace KubeTune.Bench.Operator;

/// <summary>Reads the operator's /readyz and /metrics: ready, reconciles done so far, keys waiting in the queue.</summary>
public sealed class OperatorProbe(int metricsPort) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(10) };

    public async Task<bool> ReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync("/readyz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Total reconciles (every result) and the work queue depth, from the Prometheus text.</summary>
    public async Task<(long Reconciles, long QueueDepth)> ProgressAsync(CancellationToken ct)
    {
        var text = await _http.GetStringAsync("/metrics", ct);
        long reconciles = 0, depth = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("kubetune_reconcile_duration_seconds_count", StringComparison.Ordinal))
            {
                reconciles += (long)Value(line);
            }
            else if (line.StartsWith("kubetune_workqueue_depth", StringComparison.Ordinal))
            {
                depth += (long)Value(line);
            }
        }

        return (reconciles, depth);
    }

    public void Dispose() => _http.Dispose();

    // "name{labels} value [timestamp]": the value is the first field after the closing brace (or the name).
    private static double Value(string line)
    {
        var rest = line[(line.LastIndexOf('}') + 1)..].Trim();
        if (line.IndexOf('{', StringComparison.Ordinal) < 0)
        {
            rest = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim();
        }

        return double.Parse(rest.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
