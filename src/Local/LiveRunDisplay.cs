using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using Spectre.Console;

namespace KubeTune.Local;

/// <summary>
/// A Spectre.Console progress display with one task per job, and under a search job one task per running trial
/// (removed when the trial ends; its phase change is a line above); lines are written above it.
/// </summary>
public sealed class LiveRunDisplay(IAnsiConsole console) : IRunDisplay
{
    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ProgressTask>> trialTasks = new(StringComparer.Ordinal);
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
        if (SearchText.TrialCount(job) is > 0 and var trials)
        {
            task.MaxValue = trials;
            task.Value = SearchText.DoneCount(job);
        }
        else if (job.Status?.Progress is { Step: { } step, TotalSteps: { } total } && total > 0)
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

    public void ShowTrials(FineTuneJob job, IReadOnlyDictionary<string, TrialHistory> histories)
    {
        if (context is null || !tasks.TryGetValue(JobText.Key(job), out var jobTask))
        {
            return;
        }

        if (!trialTasks.TryGetValue(JobText.Key(job), out var running))
        {
            trialTasks[JobText.Key(job)] = running = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
        }

        var now = SearchText.Running(job, histories);
        foreach (var ended in running.Keys.Except(now.Select(pair => pair.Trial.Name)).ToList())
        {
            context.RemoveTask(running[ended]);
            running.Remove(ended);
        }

        foreach (var (trial, history) in now)
        {
            var description = "  " + Markup.Escape(SearchText.TrialLine(job, trial, history));
            if (!running.TryGetValue(trial.Name, out var task))
            {
                // Under the job, after its other running trials.
                task = context.AddTaskAfter(description, running.Values.MaxBy(other => other.Id) ?? jobTask, autoStart: true, maxValue: 1);
                running[trial.Name] = task;
            }

            task.Description = description;
            if (history is { TotalSteps: > 0 } reported)
            {
                task.MaxValue = reported.TotalSteps;
                task.Value = Math.Min(reported.Step, reported.TotalSteps);
            }
        }
    }

    public void Line(string text) => console.WriteLine(text);

    private static string Describe(FineTuneJob job)
    {
        var colour = JobText.Succeeded(job) ? "green" : JobText.Failed(job) ? "red" : "blue";
        return $"[{colour}]{Markup.Escape(JobText.Name(job))}[/] {Markup.Escape(JobText.Progress(job))}";
    }
}
