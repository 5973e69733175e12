using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Tests.Controllers.Status;

public sealed class FailureClassifierTests
{
    private static (string Reason, string Message)? Classify(V1Job job, DateTime now, params V1Pod[] pods) =>
        FailureClassifier.Classify(job.Status.Conditions!.Single(condition => condition.Type == "Failed"), job, pods, now);

    [Theory]
    [InlineData(2, ConditionReasons.InvalidInput)]
    [InlineData(3, ConditionReasons.Diverged)]
    public void Classify_FailJobRuleAndPodNotInTheCacheYet_ReasonFromTheJobCondition(int exitCode, string reason)
    {
        var job = TestObjects.TrainerJob(conditionType: "Failed", conditionReason: FailureClassifier.PodFailurePolicyReason, conditionMessage: $"Container trainer for pod team-a/bert-sst2-x7 failed with exit code {exitCode} matching FailJob rule at index 0", failed: 1);

        var classified = Classify(job, TestObjects.Now);

        Assert.Equal(reason, classified?.Reason);
        Assert.Contains("bert-sst2-x7", classified!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_FailJobWithTheLogTailAsTerminationMessage_MessageEndsWithTheTrainersError()
    {
        var job = TestObjects.TrainerJob(conditionType: "Failed", conditionReason: FailureClassifier.PodFailurePolicyReason, conditionMessage: "Container trainer for pod team-a/p1 failed with exit code 2 matching FailJob rule at index 0", failed: 1);
        var pod = TestObjects.FailedPod("p1", 2);
        pod.Status.ContainerStatuses[0].State.Terminated.Message = "loading\nerror: dataset.fields.text: column 'sentence' not found in train.jsonl line 1";

        var classified = Classify(job, TestObjects.Now, pod);

        Assert.EndsWith("error: dataset.fields.text: column 'sentence' not found in train.jsonl line 1", classified!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_BackoffLimitWhileThePodCacheLags_NotKnownYetThenKnownAfterTheGrace()
    {
        var job = TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "BackoffLimitExceeded", failed: 2);
        var seen = TestObjects.FailedPod("p1", 137, "OOMKilled", TestObjects.Now.AddMinutes(-3));

        Assert.Null(Classify(job, TestObjects.Now, seen));
        var late = Classify(job, TestObjects.Now + FailureClassifier.PodCacheGrace, seen);
        Assert.Equal(ConditionReasons.OomKilled, late?.Reason);
        Assert.Contains("after 2 times", late!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_BackoffLimitWithEveryPodSeen_CountFromTheJobNeverZero()
    {
        var job = TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "BackoffLimitExceeded", failed: 2);

        var classified = Classify(job, TestObjects.Now, TestObjects.FailedPod("p1", 1, finishedAt: TestObjects.Now.AddMinutes(-4)), TestObjects.FailedPod("p2", 1));

        Assert.Equal(ConditionReasons.BackoffLimitExceeded, classified?.Reason);
        Assert.StartsWith("the trainer failed 2 times", classified!.Value.Message, StringComparison.Ordinal);
    }
}
