using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;

namespace KubeTune.Operator.Tests.Controllers;

public sealed class StatusOverlayTests
{
    private static FineTuneJob Cached(string uid = "uid-1", string phase = FineTuneJobPhase.Pending) => new()
    {
        Metadata = new V1ObjectMeta { Name = "bert", NamespaceProperty = "ml", Uid = uid, ResourceVersion = "10" },
        Spec = new FineTuneJobSpec(),
        Status = new FineTuneJobStatus { Phase = phase, Progress = new TrainingProgress { Step = 5 } },
    };

    [Fact]
    public void View_NothingWritten_IsTheCachedObject()
    {
        var cached = Cached();

        Assert.Same(cached, new StatusOverlay().View(cached));
    }

    [Fact]
    public void View_WrittenButNotYetCached_SeesThePatchOnACopyAndLeavesTheCacheAlone()
    {
        var overlay = new StatusOverlay();
        var cached = Cached();
        var before = KubernetesJson.Serialize(cached);
        overlay.Record(cached, """{"status":{"phase":"Running","restarts":1}}""");
        overlay.Record(cached, """{"status":{"trials":[{"name":"bert-t0","phase":"Succeeded"}]}}""");

        var view = overlay.View(cached);

        Assert.NotSame(cached, view);
        Assert.Equal((FineTuneJobPhase.Running, 1, 5L), (view.Status!.Phase, view.Status.Restarts, view.Status.Progress!.Step));
        Assert.Equal("bert-t0", Assert.Single(view.Status.Trials!).Name);
        Assert.Equal(before, KubernetesJson.Serialize(cached));
    }

    [Fact]
    public void View_CacheShowsTheWrite_OverlayEndsAndLaterCachedChangesWin()
    {
        var overlay = new StatusOverlay();
        overlay.Record(Cached(), """{"status":{"phase":"Running"}}""");

        Assert.Same(Cached(phase: FineTuneJobPhase.Running) is var caughtUp ? caughtUp : null, overlay.View(caughtUp));
        var later = Cached(phase: FineTuneJobPhase.Succeeded);
        Assert.Same(later, overlay.View(later));
    }

    [Fact]
    public void View_ObjectRecreatedUnderTheSameName_IgnoresWhatWasWrittenForTheOldOne()
    {
        var overlay = new StatusOverlay();
        overlay.Record(Cached(uid: "old"), """{"status":{"phase":"Failed"}}""");

        var recreated = Cached(uid: "new");

        Assert.Same(recreated, overlay.View(recreated));
    }

    [Fact]
    public void View_NullInThePatch_RemovesTheFieldAsTheApiServerDoes()
    {
        var overlay = new StatusOverlay();
        var cached = Cached();
        overlay.Record(cached, """{"status":{"progress":null}}""");

        Assert.Null(overlay.View(cached).Status!.Progress);
        Assert.NotNull(cached.Status!.Progress);
    }
}
