using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;

namespace KubeTune.Operator.Tests.Controllers;

public sealed class OwnStatusEchoTests
{
    private const string RunningPatch = """{"status":{"phase":"Running"}}""";

    private static FineTuneJob Job(string phase = FineTuneJobPhase.Pending, long generation = 1, string resourceVersion = "10", Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "bert", NamespaceProperty = "ml", Uid = "uid-1", Generation = generation, ResourceVersion = resourceVersion, Labels = labels },
        Spec = new FineTuneJobSpec(),
        Status = new FineTuneJobStatus { Phase = phase },
    };

    [Fact]
    public void Is_EchoOfOurOwnStatusPatch_TrueAndTheOverlayEnds()
    {
        var overlay = new StatusOverlay();
        var before = Job();
        overlay.Record(before, RunningPatch);
        var echo = Job(FineTuneJobPhase.Running, resourceVersion: "11");

        Assert.True(OwnStatusEcho.Is(before, echo, overlay));
        Assert.Same(echo, overlay.View(echo));
    }

    [Fact]
    public void Is_NothingWrittenByThisReplica_False()
    {
        Assert.False(OwnStatusEcho.Is(Job(), Job(FineTuneJobPhase.Running, resourceVersion: "11"), new StatusOverlay()));
    }

    [Fact]
    public void Is_StatusStillMissingPartOfWhatWeWrote_FalseAndTheOverlayStays()
    {
        var overlay = new StatusOverlay();
        var before = Job();
        overlay.Record(before, RunningPatch);
        overlay.Record(before, """{"status":{"restarts":1}}""");

        Assert.False(OwnStatusEcho.Is(before, Job(FineTuneJobPhase.Running, resourceVersion: "11"), overlay));
        Assert.Equal(1, overlay.View(Job(FineTuneJobPhase.Running, resourceVersion: "11")).Status!.Restarts);
    }

    [Fact]
    public void Is_SpecOrLabelsChangedWithTheEcho_False()
    {
        var overlay = new StatusOverlay();
        var before = Job();
        overlay.Record(before, RunningPatch);

        Assert.False(OwnStatusEcho.Is(before, Job(FineTuneJobPhase.Running, generation: 2, resourceVersion: "12"), overlay));
        Assert.False(OwnStatusEcho.Is(before, Job(FineTuneJobPhase.Running, resourceVersion: "12", labels: new() { ["kueue.x-k8s.io/queue-name"] = "gpu" }), overlay));
    }
}
