using k8s;
using KubeTune.DevCluster.Storage;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Runtime;

namespace KubeTune.Local;

/// <summary>
/// Follows the applied FineTuneJobs from their watch events and their trials' progress reports, tells the display
/// what changed, and keeps each job's latest state until all have succeeded or failed.
/// </summary>
public sealed class JobFollower
{
    private readonly IRunDisplay display;
    private readonly TrialProgressStore trialReports;
    private readonly List<string> order;
    private readonly HashSet<string> waiting;
    private readonly Dictionary<string, FineTuneJob> latest = new(StringComparer.Ordinal);
    private readonly PhaseTracker phases = new();
    private readonly ConditionTracker conditions = new();
    private readonly TrialTracker trials = new();

    /// <param name="keys">The jobs to follow, "namespace/name", in the file's order.</param>
    public JobFollower(IEnumerable<string> keys, IRunDisplay display, TrialProgressStore trialReports)
    {
        this.display = display;
        this.trialReports = trialReports;
        order = [.. keys];
        waiting = new HashSet<string>(order, StringComparer.Ordinal);
    }

    public bool AllFinished => waiting.Count == 0;

    /// <summary>The jobs as they ended, in the file's order.</summary>
    public IReadOnlyList<FineTuneJob> Final => [.. order.Select(key => latest[key])];

    public void OnChange(WatchEvent change)
    {
        if (change.Type is not (WatchEvent.Added or WatchEvent.Modified or WatchEvent.Deleted))
        {
            return;
        }

        var job = KubernetesJson.Deserialize<FineTuneJob>(change.Object.ToJsonString());
        var key = JobText.Key(job);
        if (!waiting.Contains(key))
        {
            return;
        }

        latest[key] = job;

        // The phase first: the condition lines under it say why it changed.
        if (phases.Change(job) is { } phase)
        {
            display.Line(phase);
        }

        foreach (var line in conditions.Changes(job).Concat(trials.Changes(job)))
        {
            display.Line(line);
        }

        display.Show(job);
        ShowTrials(job);
        if (change.Type == WatchEvent.Deleted)
        {
            display.Line($"{JobText.Name(job)}: deleted before it finished");
            waiting.Remove(key);
        }
        else if (JobText.IsFinished(job))
        {
            waiting.Remove(key);
        }
    }

    /// <summary>A trial of <paramref name="job"/> reported progress: its line changes, its phase comes with the next watch event.</summary>
    public void OnTrialReport(ObjectKey job)
    {
        if (waiting.Contains(job.ToString()) && latest.TryGetValue(job.ToString(), out var current))
        {
            ShowTrials(current);
        }
    }

    private void ShowTrials(FineTuneJob job)
    {
        if (SearchText.IsSearch(job))
        {
            display.ShowTrials(job, trialReports.Of(new ObjectKey(job.Metadata.NamespaceProperty, job.Metadata.Name)));
        }
    }
}
