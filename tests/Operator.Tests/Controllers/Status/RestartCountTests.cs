using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Controllers.Events;

namespace KubeTune.Operator.Tests.Controllers.Status;

public sealed class RestartCountTests
{
    private static StatusDecision Compute(FineTuneJob job, k8s.Models.V1Job trainerJob, params k8s.Models.V1Pod[] pods) =>
        StatusCalculator.Compute(new StatusInputs(job, [], trainerJob, pods, TestObjects.Now, TimeSpan.FromMinutes(2)));

    [Fact]
    public void Compute_PodFailedByTheFailJobRule_NoRestartAndNoRestartedEvent()
    {
        var job = TestObjects.FineTuneJob();
        var trainerJob = TestObjects.TrainerJob(conditionType: "Failed", conditionReason: FailureClassifier.PodFailurePolicyReason, conditionMessage: "Container trainer for pod team-a/p1 failed with exit code 2 matching FailJob rule at index 0", failed: 1);

        var decision = Compute(job, trainerJob, TestObjects.FailedPod("p1", 2));

        Assert.Null(decision.Status.Restarts);
        Assert.DoesNotContain(TransitionEvents.Between(job.Status, decision.Status, decision.LastFailure), item => item.Reason == "Restarted");
    }

    [Fact]
    public void Compute_JobCountsFailuresThePodCacheLacks_RestartsFromTheJob()
    {
        var decision = Compute(TestObjects.FineTuneJob(), TestObjects.TrainerJob(failed: 2), TestObjects.FailedPod("p1", 137, "OOMKilled"), TestObjects.RunningPod("p3"));

        Assert.Equal(2, decision.Status.Restarts);
    }
}
