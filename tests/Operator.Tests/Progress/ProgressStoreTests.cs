using KubeTune.Operator.Progress;
using KubeTune.Operator.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Progress;

public sealed class ProgressStoreTests
{
    private static readonly ObjectKey Job = new("default", "bert");
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Start);

    [Fact]
    public void Apply_OlderStepAfterNewer_IgnoredAndProgressKept()
    {
        var store = new ProgressStore(time);
        store.Apply(Job, new ProgressReport(200, 400, Loss: 0.3));

        var (applied, progress) = store.Apply(Job, new ProgressReport(150, 400, Loss: 0.5));

        Assert.False(applied);
        Assert.Equal(200, progress.Report.Step);
        Assert.Equal(0.3, store.Get(Job)!.Report.Loss);
    }

    [Fact]
    public void Apply_FinalReportWithAnOlderStep_IgnoredProgressNeverBackwards()
    {
        var store = new ProgressStore(time);
        store.Apply(Job, new ProgressReport(8000, 8000, Loss: 0.1));

        var (applied, progress) = store.Apply(Job, new ProgressReport(5, 8000, Phase: ReportPhase.Completed, Loss: 123, Final: true));

        Assert.False(applied);
        Assert.Equal((8000L, 0.1), (progress.Report.Step, progress.Report.Loss));
    }

    [Fact]
    public void Apply_SameStepEarlierTimestamp_Ignored_LaterTimestampApplied()
    {
        var store = new ProgressStore(time);
        store.Apply(Job, new ProgressReport(200, 400, Loss: 0.3, Timestamp: Start.AddSeconds(10)));

        var earlier = store.Apply(Job, new ProgressReport(200, 400, Loss: 0.9, Timestamp: Start.AddSeconds(5))).Applied;
        var later = store.Apply(Job, new ProgressReport(200, 400, Loss: 0.2, Timestamp: Start.AddSeconds(20))).Applied;

        Assert.False(earlier);
        Assert.True(later);
        Assert.Equal(0.2, store.Get(Job)!.Report.Loss);
    }

    [Fact]
    public void Apply_ReportWithoutEvalOrCheckpoint_KeepsTheNewestSeen()
    {
        var store = new ProgressStore(time);
        store.Apply(Job, new ProgressReport(100, 400, Eval: new ProgressEvaluation(100, 0.4, 0.9, null, null), Checkpoint: new ProgressCheckpoint(100, "pvc://c/100", null)));

        var progress = store.Apply(Job, new ProgressReport(110, 400)).Progress;

        Assert.Equal(100, progress.Eval!.Step);
        Assert.Equal("pvc://c/100", progress.Checkpoint!.Uri);
        Assert.Equal(2, progress.Sequence);
    }

    [Fact]
    public void Apply_ReportWithoutThroughputOrLoss_KeepsTheLastKnownValuesAsStatusDoes()
    {
        var store = new ProgressStore(time);
        store.Apply(Job, new ProgressReport(100, 400, Epoch: 1, Loss: 0.4, LearningRate: 2e-4, TokensPerSecond: 5000, SamplesPerSecond: 40, EtaSeconds: 90));

        var report = store.Apply(Job, new ProgressReport(110, 400, Loss: 0.35)).Progress.Report;

        Assert.Equal((110L, 0.35), (report.Step, report.Loss!.Value));
        Assert.Equal((1.0, 2e-4, 5000.0, 40.0, 90.0), (report.Epoch!.Value, report.LearningRate!.Value, report.TokensPerSecond!.Value, report.SamplesPerSecond!.Value, report.EtaSeconds!.Value));
    }

    [Fact]
    public void Remove_ReportedJob_Forgotten()
    {
        var store = new ProgressStore(time);
        store.Apply(Job, new ProgressReport(1, 10));

        Assert.True(store.Remove(Job));

        Assert.Null(store.Get(Job));
        Assert.Empty(store.All());
    }
}
