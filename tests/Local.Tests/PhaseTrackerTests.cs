using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local.Tests;

public sealed class PhaseTrackerTests
{
    [Fact]
    public void Change_JobCreatedThenReconciledRunAndSucceeded_PendingFirstThenOneLinePerTransition()
    {
        var tracker = new PhaseTracker();

        var created = tracker.Change(Job(phase: null));
        var accepted = tracker.Change(Job(FineTuneJobPhase.Pending));
        var running = tracker.Change(Job(FineTuneJobPhase.Running));
        var progressed = tracker.Change(Job(FineTuneJobPhase.Running));
        var succeeded = tracker.Change(Job(FineTuneJobPhase.Succeeded));
        var elsewhere = tracker.Change(Job(FineTuneJobPhase.Running, "team-a"));

        Assert.Equal("tiny: phase Pending", created);
        Assert.Null(accepted);
        Assert.Equal("tiny: phase Pending → Running", running);
        Assert.Null(progressed);
        Assert.Equal("tiny: phase Running → Succeeded", succeeded);
        Assert.Equal("team-a/tiny: phase Running", elsewhere);
    }

    private static FineTuneJob Job(string? phase, string ns = LocalManifest.DefaultNamespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = "tiny", NamespaceProperty = ns },
        Status = phase is null ? null : new FineTuneJobStatus { Phase = phase },
    };
}
