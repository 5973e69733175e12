using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Tests.Controllers.Events;

public sealed class TransitionEventsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private static FineTuneJobStatus Next(FineTuneJob job, k8s.Models.V1Job? trainerJob, params k8s.Models.V1Pod[] pods) =>
        StatusCalculator.Compute(new StatusInputs(job, [], trainerJob, pods, TestObjects.Now, Grace)).Status;

    [Fact]
    public void Between_PodStarts_StartedOnce()
    {
        var job = TestObjects.FineTuneJob();
        var running = Next(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1"));

        var first = TransitionEvents.Between(job.Status, running, null);
        job.Status = running;
        var again = TransitionEvents.Between(job.Status, Next(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1")), null);

        Assert.Equal(["Started"], first.Select(item => item.Reason));
        Assert.Empty(again);
    }

    [Fact]
    public void Between_PodFailedAndRetried_RestartedWarningWithTheCause()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Next(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1"));

        var events = TransitionEvents.Between(job.Status, Next(job, TestObjects.TrainerJob(), TestObjects.FailedPod("p1", 137, "OOMKilled")), "OOMKilled (exit code 137)");

        var restarted = Assert.Single(events);
        Assert.Equal((JobEvent.Warning, "Restarted"), (restarted.Type, restarted.Reason));
        Assert.Equal("the trainer restarted (restart 1): OOMKilled (exit code 137)", restarted.Message);
    }

    [Theory]
    [InlineData("Complete", null, "Succeeded", JobEvent.Normal)]
    [InlineData("Failed", "DeadlineExceeded", "Failed", JobEvent.Warning)]
    public void Between_JobFinishes_OneTerminalEvent(string jobCondition, string? reason, string expected, string type)
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Next(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1"));

        var events = TransitionEvents.Between(job.Status, Next(job, TestObjects.TrainerJob(conditionType: jobCondition, conditionReason: reason)), null);

        var finished = Assert.Single(events);
        Assert.Equal((type, expected), (finished.Type, finished.Reason));
        if (reason is not null)
        {
            Assert.StartsWith(ConditionReasons.DeadlineExceeded + ":", finished.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Between_SameTransitionComputedTwiceFromTheSameBase_SameKeys()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Next(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1"));
        var suspendedJob = TestObjects.FineTuneJob(change: spec => spec.Suspend = true);
        suspendedJob.Status = job.Status;

        var first = TransitionEvents.Between(suspendedJob.Status, Next(suspendedJob, TestObjects.TrainerJob(suspend: true)), null);
        var second = TransitionEvents.Between(suspendedJob.Status, StatusCalculator.Compute(new StatusInputs(suspendedJob, [], TestObjects.TrainerJob(suspend: true), [], TestObjects.Now.AddSeconds(3), Grace)).Status, null);

        Assert.Equal(["Suspended"], first.Select(item => item.Reason));
        Assert.Equal(first.Select(item => item.Key), second.Select(item => item.Key));
    }
}
