using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Local;

/// <summary>Where a local run shows its jobs while they run: a live progress display, or plain lines without a terminal.</summary>
public interface IRunDisplay
{
    /// <summary>Runs <paramref name="body"/> (the watch loop) inside the display.</summary>
    Task RunAsync(Func<Task> body);

    /// <summary>The job's latest state (progress, loss, learning rate, ETA).</summary>
    void Show(FineTuneJob job);

    /// <summary>A search job's running trials with what each reported so far (<paramref name="histories"/> by trial name).</summary>
    void ShowTrials(FineTuneJob job, IReadOnlyDictionary<string, TrialHistory> histories);

    /// <summary>A line above the progress: a condition change, a note.</summary>
    void Line(string text);
}
