using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local.Tests;

public sealed class TrialTrackerTests
{
    [Fact]
    public void Changes_TrialStartsRunsAndSucceeds_OneLinePerPhaseWithParametersFirstAndTheObjectiveAtTheEnd()
    {
        var tracker = new TrialTracker();

        var started = tracker.Changes(SearchJobs.With(("sweep-t0", TrialPhase.Pending, null)));
        var unchanged = tracker.Changes(SearchJobs.With(("sweep-t0", TrialPhase.Pending, null)));
        var running = tracker.Changes(SearchJobs.With(("sweep-t0", TrialPhase.Running, null), ("sweep-t1", TrialPhase.Pending, null)));
        var done = tracker.Changes(SearchJobs.With(("sweep-t0", TrialPhase.Succeeded, 0.51234), ("sweep-t1", TrialPhase.Pending, null)));

        Assert.Equal([$"sweep-t0: Pending · learningRate={SearchJobs.Rate(0)}"], started);
        Assert.Empty(unchanged);
        Assert.Equal(["sweep-t0: Running", $"sweep-t1: Pending · learningRate={SearchJobs.Rate(1)}"], running);
        Assert.Equal(["sweep-t0: Succeeded · eval_loss 0.5123"], done);
    }

    [Fact]
    public void Changes_AshaTrialPausedPromotedAndStopped_ShowsTheRungTheStepsAndThePromotion()
    {
        var tracker = new TrialTracker();
        FineTuneJob Asha(string phase, int rung, long? steps, double? objective)
        {
            var job = SearchJobs.With(("sweep-t0", phase, objective));
            job.Status!.Trials![0].Rung = rung;
            job.Status.Trials[0].Steps = steps;
            return job;
        }

        tracker.Changes(Asha(TrialPhase.Running, 0, 3, null));
        var paused = tracker.Changes(Asha(TrialPhase.Paused, 0, 6, 0.61));
        var promoted = tracker.Changes(Asha(TrialPhase.Pending, 1, 6, 0.61));
        var stopped = tracker.Changes(Asha(TrialPhase.EarlyStopped, 1, 18, 0.55));

        Assert.Equal(["sweep-t0: Paused · rung 0 · 6 steps · eval_loss 0.6100"], paused);
        Assert.Equal(["sweep-t0: Pending · promoted to rung 1 · 6 steps · eval_loss 0.6100"], promoted);
        Assert.Equal(["sweep-t0: EarlyStopped · rung 1 · 18 steps · eval_loss 0.5500"], stopped);
    }
}
