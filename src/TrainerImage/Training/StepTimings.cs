using System.Diagnostics;

namespace KubeTune.Trainer.Training;

/// <summary>Where training time went: forward, backward, optimizer step, and the whole loop (the rest is data, logging, evaluation).</summary>
public sealed class StepTimings
{
    public TimeSpan Forward { get; private set; }

    public TimeSpan Backward { get; private set; }

    public TimeSpan Optimizer { get; private set; }

    public TimeSpan Total { get; private set; }

    /// <summary>Reading, collating (and on CUDA pinning) batches: on the main thread, so part of the overhead.</summary>
    public TimeSpan Data { get; private set; }

    public long Tokens { get; private set; }

    public long Examples { get; private set; }

    public int Steps { get; private set; }

    /// <summary>The share of loop time spent outside forward, backward and optimizer step.</summary>
    public double OverheadShare => Total <= TimeSpan.Zero ? 0 : Math.Max(0, 1 - ((Forward + Backward + Optimizer) / Total));

    /// <summary>The share of loop time spent getting batches.</summary>
    public double DataShare => Total <= TimeSpan.Zero ? 0 : Math.Min(1, Data / Total);

    public double TokensPerSecond => Total <= TimeSpan.Zero ? 0 : Tokens / Total.TotalSeconds;

    public double ExamplesPerSecond => Total <= TimeSpan.Zero ? 0 : Examples / Total.TotalSeconds;

    internal void AddForward(long startTimestamp) => Forward += Stopwatch.GetElapsedTime(startTimestamp);

    internal void AddBackward(long startTimestamp) => Backward += Stopwatch.GetElapsedTime(startTimestamp);

    internal void AddOptimizer(long startTimestamp) => Optimizer += Stopwatch.GetElapsedTime(startTimestamp);

    internal void AddTotal(long startTimestamp) => Total += Stopwatch.GetElapsedTime(startTimestamp);

    internal void AddBatch(long tokens, long examples)
    {
        Tokens += tokens;
        Examples += examples;
    }

    internal void AddStep() => Steps++;

    /// <summary>The batches of <paramref name="source"/>, adding the time each takes to produce to <see cref="Data"/>.</summary>
    internal IEnumerable<T> TimeReads<T>(IEnumerable<T> source)
    {
        using var batches = source.GetEnumerator();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var more = batches.MoveNext();
            Data += Stopwatch.GetElapsedTime(start);
            if (!more)
            {
                yield break;
            }

            yield return batches.Current;
        }
    }
}
