using KubeTune.Operator.Api.V1Alpha1;
using Spectre.Console;

namespace KubeTune.Operator.Local;

/// <summary>A Spectre.Console progress display with one task per job; lines are written above it.</summary>
public sealed class LiveRunDisplay(IAnsiConsole console) : IRunDisplay
{
    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
    private ProgressContext? context;

    public Task RunAsync(Func<Task> body) => console.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
        .StartAsync(async progress =>
        {
            context = progress;
            await body().ConfigureAwait(false);
        });

    public void Show(FineTuneJob job)
    {
        if (context is null)
        {
            return;
        }

        var key = JobText.Key(job);
        if (!tasks.TryGetValue(key, out var task))
        {
            task = context.AddTask(Describe(job), maxValue: 1);
            tasks[key] = task;
        }

        task.Description = Describe(job);
        if (job.Status?.Progress is { Step: { } step, TotalSteps: { } total } && total > 0)
        {
            task.MaxValue = total;
            task.Value = Math.Min(step, total);
        }

        if (JobText.Succeeded(job))
        {
            task.Value = task.MaxValue;
        }

        if (JobText.IsFinished(job))
        {
            task.StopTask();
        }
    }

    public void Line(string text) => console.WriteLine(text);

    private static string Describe(FineTuneJob job)
    {
        var colour = JobText.Succeeded(job) ? "green" : JobText.Failed(job) ? "red" : "blue";
        return $"[{colour}]{Markup.Escape(JobText.Name(job))}[/] {Markup.Escape(JobText.Progress(job))}";
    }
}
