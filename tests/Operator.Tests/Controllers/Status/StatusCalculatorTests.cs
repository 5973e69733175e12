using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Tests.Controllers.Status;

public sealed class StatusCalculatorTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private static StatusDecision Compute(FineTuneJob job, V1Job? trainerJob, params V1Pod[] pods) =>
        StatusCalculator.Compute(new StatusInputs(job, [], trainerJob, pods, TestObjects.Now, Grace));

    private static V1Condition Condition(StatusDecision decision, string type) =>
        Assert.Single(decision.Status.Conditions!, condition => condition.Type == type);

    public static TheoryData<string, string?, string[], string, string?, string?> Scenarios => new()
    {
        // name, job condition (type/reason), pods (kind:exit:reason), phase, condition type that is true, its reason
        { "no job yet", null, [], FineTuneJobPhase.Pending, null, null },
        { "running", null, ["running"], FineTuneJobPhase.Running, ConditionTypes.Running, ConditionReasons.PodRunning },
        { "restarting", null, ["failed:1:Error", "running"], FineTuneJobPhase.Running, ConditionTypes.Running, ConditionReasons.Restarting },
        { "evicted only", null, ["evicted", "running"], FineTuneJobPhase.Running, ConditionTypes.Running, ConditionReasons.PodRunning },
        { "unschedulable", null, ["unschedulable"], FineTuneJobPhase.Queued, ConditionTypes.Queued, ConditionReasons.Unschedulable },
        { "succeeded", "Complete/", ["succeeded"], FineTuneJobPhase.Succeeded, ConditionTypes.Succeeded, ConditionReasons.Completed },
        { "pod succeeded, job not complete yet", null, ["succeeded"], FineTuneJobPhase.Running, ConditionTypes.Running, ConditionReasons.PodRunning },
        { "backoff", "Failed/BackoffLimitExceeded", ["failed:1:Error", "failed:1:Error"], FineTuneJobPhase.Failed, ConditionTypes.Failed, ConditionReasons.BackoffLimitExceeded },
        { "oom", "Failed/BackoffLimitExceeded", ["failed:137:OOMKilled", "failed:137:OOMKilled"], FineTuneJobPhase.Failed, ConditionTypes.Failed, ConditionReasons.OomKilled },
        { "invalid input", "Failed/PodFailurePolicy", ["failed:2:Error"], FineTuneJobPhase.Failed, ConditionTypes.Failed, ConditionReasons.InvalidInput },
        { "diverged", "Failed/PodFailurePolicy", ["failed:3:Error"], FineTuneJobPhase.Failed, ConditionTypes.Failed, ConditionReasons.Diverged },
        { "deadline", "Failed/DeadlineExceeded", ["running"], FineTuneJobPhase.Failed, ConditionTypes.Failed, ConditionReasons.DeadlineExceeded },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Compute_ObservedJobAndPods_PhaseAndCondition(string scenario, string? jobCondition, string[] pods, string phase, string? trueType, string? reason)
    {
        var split = jobCondition?.Split('/');
        var message = split?[1] == FailureClassifier.PodFailurePolicyReason ? $"Container trainer for pod team-a/pod-0 failed with exit code {pods[0].Split(':')[1]} matching FailJob rule at index 0" : "job says so";
        var observed = pods.Select((pod, index) => PodFrom(pod, index)).ToArray();
        var trainerJob = TestObjects.TrainerJob(conditionType: split?[0], conditionReason: split?[1], conditionMessage: message, failed: observed.Count(PodFacts.IsCountedFailure));

        var decision = Compute(TestObjects.FineTuneJob(), scenario == "no job yet" ? null : trainerJob, observed);

        Assert.Equal(phase, decision.Status.Phase);
        Assert.Equal(ConditionSet.True, Condition(decision, ConditionTypes.Accepted).Status);
        var trueConditions = decision.Status.Conditions!.Where(condition => condition.Status == ConditionSet.True && condition.Type != ConditionTypes.Accepted && !KstatusConditions.All.Contains(condition.Type)).ToList();
        if (trueType is null)
        {
            Assert.Empty(trueConditions);
        }
        else
        {
            var condition = Assert.Single(trueConditions);
            Assert.Equal((trueType, reason), (condition.Type, condition.Reason));
            Assert.Equal(1, condition.ObservedGeneration);
        }
    }

    [Fact]
    public void Compute_TwoCountedFailuresAndAnEviction_RestartsTwoWithTheCountInTheMessage()
    {
        var decision = Compute(TestObjects.FineTuneJob(), TestObjects.TrainerJob(),
            TestObjects.FailedPod("p1", 1, finishedAt: TestObjects.Now.AddMinutes(-5)), TestObjects.EvictedPod("p2"), TestObjects.FailedPod("p3", 137, "OOMKilled"), TestObjects.RunningPod("p4"));

        Assert.Equal(2, decision.Status.Restarts);
        Assert.Contains("restarted 2 times", Condition(decision, ConditionTypes.Running).Message, StringComparison.Ordinal);
        Assert.Equal("OOMKilled (exit code 137)", decision.LastFailure);
    }

    [Fact]
    public void Compute_Succeeded_CompletionTimeFromTheJobAndRunningTurnedFalse()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Compute(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1")).Status;

        var decision = Compute(job, TestObjects.TrainerJob(conditionType: "Complete"));

        Assert.Equal(TestObjects.Now.AddSeconds(-5), decision.Status.CompletionTime);
        Assert.Equal(TestObjects.Now.AddMinutes(-1), decision.Status.StartTime);
        Assert.Equal((ConditionSet.False, ConditionReasons.Completed), (Condition(decision, ConditionTypes.Running).Status, Condition(decision, ConditionTypes.Running).Reason));
    }

    [Fact]
    public void Compute_RunningThenPodSucceededBeforeJobComplete_NeverPendingThenSucceeded()
    {
        var job = TestObjects.FineTuneJob();
        var succeededPod = PodFrom("succeeded", 0);
        var phases = new List<string?>();
        foreach (var (trainerJob, pods) in new (V1Job, V1Pod[])[]
        {
            (TestObjects.TrainerJob(), [TestObjects.RunningPod("p1")]),
            (TestObjects.TrainerJob(), [succeededPod]),
            (TestObjects.TrainerJob(), []),
            (TestObjects.TrainerJob(conditionType: "Complete"), [succeededPod]),
        })
        {
            job.Status = Compute(job, trainerJob, pods).Status;
            phases.Add(job.Status.Phase);
        }

        Assert.Equal([FineTuneJobPhase.Running, FineTuneJobPhase.Running, FineTuneJobPhase.Running, FineTuneJobPhase.Succeeded], phases);
    }

    [Fact]
    public void Compute_UnchangedObservation_SameStatusAndTransitionTimes()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Compute(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1")).Status;
        var firstTransition = Condition(Compute(job, TestObjects.TrainerJob()), ConditionTypes.Accepted).LastTransitionTime;

        var later = StatusCalculator.Compute(new StatusInputs(job, [], TestObjects.TrainerJob(), [TestObjects.RunningPod("p1")], TestObjects.Now.AddMinutes(5), Grace));

        Assert.Equal(firstTransition, Condition(later, ConditionTypes.Accepted).LastTransitionTime);
        Assert.Equal(KubeTune.Operator.Controllers.StatusWriter.OwnedJson(job.Status), KubeTune.Operator.Controllers.StatusWriter.OwnedJson(later.Status));
    }

    [Fact]
    public void Compute_ConditionFlips_LastTransitionTimeMovesOnlyForIt()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Compute(job, TestObjects.TrainerJob(), TestObjects.RunningPod("p1")).Status;
        var later = TestObjects.Now.AddMinutes(5);

        var decision = StatusCalculator.Compute(new StatusInputs(job, [], TestObjects.TrainerJob(conditionType: "Complete"), [], later, Grace));

        Assert.Equal(later, Condition(decision, ConditionTypes.Succeeded).LastTransitionTime);
        Assert.Equal(later, Condition(decision, ConditionTypes.Running).LastTransitionTime);
        Assert.Equal(TestObjects.Now, Condition(decision, ConditionTypes.Accepted).LastTransitionTime);
    }

    [Fact]
    public void Compute_InvalidSpec_AcceptedFalseWithTheMessageAndPending()
    {
        var problems = new[] { new SpecProblem("spec.model.uri", "'s3://x' has the unsupported scheme s3://") };

        var decision = StatusCalculator.Compute(new StatusInputs(TestObjects.FineTuneJob(), problems, null, [], TestObjects.Now, Grace));

        var accepted = Condition(decision, ConditionTypes.Accepted);
        Assert.Equal((ConditionSet.False, ConditionReasons.InvalidSpec), (accepted.Status, accepted.Reason));
        Assert.StartsWith("spec.model.uri:", accepted.Message, StringComparison.Ordinal);
        Assert.Equal(FineTuneJobPhase.Pending, decision.Status.Phase);
    }

    [Fact]
    public void Compute_UserSuspendedThenResumed_SuspendedThenResumedReason()
    {
        var job = TestObjects.FineTuneJob(change: spec => spec.Suspend = true);
        var suspended = Compute(job, TestObjects.TrainerJob(suspend: true));
        Assert.Equal(FineTuneJobPhase.Suspended, suspended.Status.Phase);
        Assert.Equal(ConditionReasons.UserSuspended, Condition(suspended, ConditionTypes.Suspended).Reason);

        job.Status = suspended.Status;
        job.Spec.Suspend = false;
        var resumed = Compute(job, TestObjects.TrainerJob(suspend: false), TestObjects.RunningPod("p1"));

        Assert.Equal(FineTuneJobPhase.Running, resumed.Status.Phase);
        Assert.Equal((ConditionSet.False, ConditionReasons.Resumed), (Condition(resumed, ConditionTypes.Suspended).Status, Condition(resumed, ConditionTypes.Suspended).Reason));
    }

    [Fact]
    public void Compute_KueueLabelAndSuspendedJob_QueuedWaitingForQueueEvenWithSpecSuspend()
    {
        var job = TestObjects.FineTuneJob(change: spec => spec.Suspend = true);
        job.Metadata.Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/queue-name"] = "gpu-queue" };

        var queued = Compute(job, TestObjects.TrainerJob(suspend: true));
        Assert.Equal(FineTuneJobPhase.Queued, queued.Status.Phase);
        Assert.Contains("gpu-queue", Condition(queued, ConditionTypes.Queued).Message, StringComparison.Ordinal);
        Assert.Equal(ConditionReasons.WaitingForQueue, Condition(queued, ConditionTypes.Queued).Reason);

        job.Status = queued.Status;
        var admitted = Compute(job, TestObjects.TrainerJob(suspend: false), TestObjects.RunningPod("p1"));
        Assert.Equal(FineTuneJobPhase.Running, admitted.Status.Phase);
        Assert.Equal(ConditionSet.False, Condition(admitted, ConditionTypes.Queued).Status);
    }

    [Fact]
    public void Compute_ImagePullWithinGrace_PendingWithRecheckAtTheEndOfTheGrace()
    {
        var decision = Compute(TestObjects.FineTuneJob(), TestObjects.TrainerJob(), TestObjects.ImagePullPod("p1", TestObjects.Now.AddSeconds(-30)));

        Assert.Equal(FineTuneJobPhase.Pending, decision.Status.Phase);
        Assert.False(decision.StopTrainerJob);
        Assert.Equal(TimeSpan.FromSeconds(90), decision.RecheckAfter);
    }

    [Fact]
    public void Compute_ImagePullPastGrace_FailedImagePullFailedAndJobStopped()
    {
        var decision = Compute(TestObjects.FineTuneJob(), TestObjects.TrainerJob(), TestObjects.ImagePullPod("p1", TestObjects.Now.AddMinutes(-3)));

        Assert.Equal(FineTuneJobPhase.Failed, decision.Status.Phase);
        Assert.Equal(ConditionReasons.ImagePullFailed, Condition(decision, ConditionTypes.Failed).Reason);
        Assert.Contains("trainer:1", Condition(decision, ConditionTypes.Failed).Message, StringComparison.Ordinal);
        Assert.True(decision.StopTrainerJob);
    }

    [Fact]
    public void Compute_AlreadyFailedAndJobGone_StaysFailed()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = Compute(job, TestObjects.TrainerJob(), TestObjects.ImagePullPod("p1", TestObjects.Now.AddMinutes(-3))).Status;

        var decision = Compute(job, trainerJob: null);

        Assert.Equal(FineTuneJobPhase.Failed, decision.Status.Phase);
        Assert.False(decision.StopTrainerJob);
        Assert.Equal(StatusCalculator.Truncate(TestObjects.Now), StatusCalculator.FinishedAt(decision.Status));
    }

    private static V1Pod PodFrom(string description, int index)
    {
        var parts = description.Split(':');
        var name = $"pod-{index}";
        var finished = TestObjects.Now.AddMinutes(-10 + index);
        return parts[0] switch
        {
            "running" => TestObjects.RunningPod(name),
            "failed" => TestObjects.FailedPod(name, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], finished),
            "evicted" => TestObjects.EvictedPod(name),
            "unschedulable" => TestObjects.UnschedulablePod(name),
            "succeeded" => TestObjects.FailedPod(name, 0, "Completed") is var pod && (pod.Status.Phase = "Succeeded") is not null ? pod : pod,
            _ => throw new ArgumentException($"unknown pod kind {parts[0]}", nameof(description)),
        };
    }
}
