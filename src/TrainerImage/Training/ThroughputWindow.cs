namespace KubeTune.Trainer.Training;

/// <summary>Tokens/s and samples/s since the last report, and the ETA from the average step time of this run (evaluation excluded).</summary>
public sealed class ThroughputWindow
{
    private readonly TimeProvider time;
    private long windowStart;
    private long runStart;
    private int runStartStep;
    private long tokens;
    private long examples;
    private TimeSpan excluded;

    public ThroughputWindow(TimeProvider time)
    {
        this.time = time;
        Restart(0);
    }

    public double? TokensPerSecond { get; private set; }

    public double? ExamplesPerSecond { get; private set; }

    public void Restart(int step)
    {
        runStart = windowStart = time.GetTimestamp();
        runStartStep = step;
        tokens = examples = 0;
        excluded = TimeSpan.Zero;
    }

    public void Add(long batchTokens, long batchExamples)
    {
        tokens += batchTokens;
        examples += batchExamples;
    }

    /// <summary>Time spent on other work (evaluation) that should not count as training time.</summary>
    public void Exclude(TimeSpan duration) => excluded += duration;

    /// <summary>True once <paramref name="interval"/> has passed since the last report; then closes the window and updates the rates.</summary>
    public bool ReportDue(TimeSpan interval)
    {
        var elapsed = time.GetElapsedTime(windowStart);
        if (elapsed < interval)
        {
            return false;
        }

        Close(elapsed);
        return true;
    }

    public double? EtaSeconds(int step, int totalSteps)
    {
        var done = step - runStartStep;
        if (done <= 0)
        {
            return null;
        }

        var seconds = (time.GetElapsedTime(runStart) - excluded).TotalSeconds / done;
        return Math.Round(Math.Max(0, seconds * (totalSteps - step)), 1);
    }

    private void Close(TimeSpan elapsed)
    {
        if (elapsed > TimeSpan.Zero)
        {
            TokensPerSecond = Math.Round(tokens / elapsed.TotalSeconds, 1);
            ExamplesPerSecond = Math.Round(examples / elapsed.TotalSeconds, 2);
        }

        tokens = examples = 0;
        windowStart = time.GetTimestamp();
    }
}
