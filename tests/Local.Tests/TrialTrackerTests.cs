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
}
