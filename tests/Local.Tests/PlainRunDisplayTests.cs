using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Local.Tests;

public sealed class PlainRunDisplayTests
{
    [Fact]
    public void ShowTrials_ReportsFasterThanTheInterval_PrintsFirstDueAndLastStepOfEachRunningTrialOnly()
    {
        var time = new FakeTimeProvider();
        var writer = new StringWriter();
        var display = new PlainRunDisplay(writer, time);
        var job = SearchJobs.With(("sweep-t0", TrialPhase.Running, null), ("sweep-t1", TrialPhase.Succeeded, 0.4), ("sweep-t2", TrialPhase.Running, null));
        static TrialHistory Report(string trial, long step, double? evalLoss = null) =>
            new(trial, evalLoss is null ? [] : [new TrialMetricPoint(step, EvalLoss: evalLoss)], step, 20, step * 5, step == 20);

        display.ShowTrials(job, new Dictionary<string, TrialHistory> { ["sweep-t0"] = Report("sweep-t0", 2), ["sweep-t1"] = Report("sweep-t1", 20) });
        time.Advance(TimeSpan.FromSeconds(1));
        display.ShowTrials(job, new Dictionary<string, TrialHistory> { ["sweep-t0"] = Report("sweep-t0", 4) });
        time.Advance(PlainRunDisplay.ProgressInterval);
        display.ShowTrials(job, new Dictionary<string, TrialHistory> { ["sweep-t0"] = Report("sweep-t0", 10, 0.61), ["sweep-t2"] = Report("sweep-t2", 1) });
        time.Advance(TimeSpan.FromSeconds(1));
        display.ShowTrials(job, new Dictionary<string, TrialHistory> { ["sweep-t0"] = Report("sweep-t0", 20, 0.55) });

        Assert.Equal(
            [
                "sweep-t0  step 2/20  10%",
                "sweep-t0  step 10/20  50%  eval_loss 0.6100",
                "sweep-t2  step 1/20  5%",
                "sweep-t0  step 20/20  100%  eval_loss 0.5500",
            ],
            writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
