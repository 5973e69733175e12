using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Local;

/// <summary>
/// Without a terminal (CI, a pipe): one line per condition or trial phase change, and a progress line at most every
/// few seconds per job or running trial.
/// </summary>
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

        if (IsDue(JobText.Key(job), step, job.Status.Progress.TotalSteps == step))
        {
            Line($"{JobText.Name(job)}: {JobText.Progress(job)}");
        }
    }

    public void ShowTrials(FineTuneJob job, IReadOnlyDictionary<string, TrialHistory> histories)
    {
        foreach (var (trial, history) in SearchText.Running(job, histories))
        {
            if (history is not null && IsDue($"{JobText.Key(job)}/{trial.Name}", history.Step, history.Final || history.Step == history.TotalSteps))
            {
                Line(SearchText.TrialLine(job, trial, history));
            }
        }
    }

    public void Line(string text) => writer.WriteLine(text);

    // A new step is printed when the last one is older than the interval, and always the last step.
    private bool IsDue(string key, long step, bool last)
    {
        var now = time.GetUtcNow();
        if (printed.TryGetValue(key, out var before) && (before.Step == step || (now - before.At < ProgressInterval && !last)))
        {
            return false;
        }

        printed[key] = (step, now);
        return true;
    }
}
