using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Local;

/// <summary>Without a terminal (CI, a pipe): one line per condition change and a progress line at most every few seconds per job.</summary>
public sealed class PlainRunDisplay(TextWriter writer, TimeProvider time) : IRunDisplay
{
    /// <summary>How often a job's progress line may repeat while its step changes.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (long Step, DateTimeOffset At)> printed = new(StringComparer.Ordinal);

    public Task RunAsync(Func<Task> body) => body();

    public void Show(FineTuneJob job)
    {
        if (job.Status?.Progress?.Step is not { } step)
        {
            return;
        }

        var key = JobText.Key(job);
        var now = time.GetUtcNow();
        var last = job.Status.Progress.TotalSteps == step;
        if (printed.TryGetValue(key, out var before) && (before.Step == step || (now - before.At < ProgressInterval && !last)))
        {
            return;
        }

        printed[key] = (step, now);
        Line($"{JobText.Name(job)}: {JobText.Progress(job)}");
    }

    public void Line(string text) => writer.WriteLine(text);
}
