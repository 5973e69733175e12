using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Tests.Controllers.Status;

public sealed class KstatusConditionsTests
{
    private const long Generation = 4;
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string, string, string, string, string> Scenarios => new()
    {
        // scenario, phase, Ready, Reconciling, Stalled (T/F each), the reason all three carry
        { "no job yet", FineTuneJobPhase.Pending, "F", "T", "F", KstatusConditions.PendingReason },
        { "running", FineTuneJobPhase.Running, "F", "T", "F", ConditionReasons.PodRunning },
        { "restarting", FineTuneJobPhase.Running, "F", "T", "F", ConditionReasons.Restarting },
        { "queued by kueue", FineTuneJobPhase.Queued, "F", "T", "F", ConditionReasons.WaitingForQueue },
        { "unschedulable", FineTuneJobPhase.Queued, "F", "T", "F", ConditionReasons.Unschedulable },
        { "suspended", FineTuneJobPhase.Suspended, "F", "F", "F", ConditionReasons.UserSuspended },
        { "succeeded", FineTuneJobPhase.Succeeded, "T", "F", "F", ConditionReasons.Completed },
        { "backoff", FineTuneJobPhase.Failed, "F", "F", "T", ConditionReasons.BackoffLimitExceeded },
        { "out of memory", FineTuneJobPhase.Failed, "F", "F", "T", ConditionReasons.OomKilled },
        { "invalid spec", FineTuneJobPhase.Pending, "F", "F", "T", ConditionReasons.InvalidSpec },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Compute_Scenario_KstatusConditionsFollowThePhase(string scenario, string phase, string ready, string reconciling, string stalled, string reason)
    {
        var decision = StatusCalculator.Compute(Inputs(scenario));

        Assert.Equal(phase, decision.Status.Phase);
        var expected = new[] { (KstatusConditions.Ready, ready), (KstatusConditions.Reconciling, reconciling), (KstatusConditions.Stalled, stalled) };
        foreach (var (type, value) in expected)
        {
            var condition = Assert.Single(decision.Status.Conditions!, condition => condition.Type == type);
            Assert.Equal((type, value == "T" ? ConditionSet.True : ConditionSet.False, reason, Generation), (condition.Type, condition.Status, condition.Reason, condition.ObservedGeneration));
            Assert.False(string.IsNullOrEmpty(condition.Message), $"{type} has no message");
        }
    }

    [Fact]
    public void Compute_Failed_StalledCarriesTheFailedMessage()
    {
        var decision = StatusCalculator.Compute(Inputs("out of memory"));

        var failed = Assert.Single(decision.Status.Conditions!, condition => condition.Type == ConditionTypes.Failed);
        var stalled = Assert.Single(decision.Status.Conditions!, condition => condition.Type == KstatusConditions.Stalled);
        Assert.Equal(failed.Message, stalled.Message);
        Assert.Contains("OOMKilled", stalled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_RunningThenSucceeded_ReadyTransitionTimeMovesOnlyWhenItTurnsTrue()
    {
        var job = Job();
        job.Status = StatusCalculator.Compute(new StatusInputs(job, [], TestObjects.TrainerJob(), [TestObjects.RunningPod("p1")], TestObjects.Now, Grace)).Status;
        var stillRunning = StatusCalculator.Compute(new StatusInputs(job, [], TestObjects.TrainerJob(), [TestObjects.RunningPod("p1")], TestObjects.Now.AddMinutes(1), Grace));
        var later = TestObjects.Now.AddMinutes(5);

        var succeeded = StatusCalculator.Compute(new StatusInputs(job, [], TestObjects.TrainerJob(conditionType: "Complete"), [], later, Grace));

        Assert.Equal(TestObjects.Now, Ready(stillRunning).LastTransitionTime);
        Assert.Equal((ConditionSet.True, later), (Ready(succeeded).Status, Ready(succeeded).LastTransitionTime));
    }

    [Fact]
    public void Compute_SpecFixedAfterInvalid_StalledTurnsFalseAndReconcilingTrue()
    {
        var job = Job();
        var problems = new[] { new SpecProblem("spec.model.uri", "'s3://x' has the unsupported scheme s3://") };
        job.Status = StatusCalculator.Compute(new StatusInputs(job, problems, null, [], TestObjects.Now, Grace)).Status;

        var fixedSpec = StatusCalculator.Compute(new StatusInputs(job, [], null, [], TestObjects.Now.AddMinutes(1), Grace));

        var stalled = Assert.Single(fixedSpec.Status.Conditions!, condition => condition.Type == KstatusConditions.Stalled);
        var reconciling = Assert.Single(fixedSpec.Status.Conditions!, condition => condition.Type == KstatusConditions.Reconciling);
        Assert.Equal((ConditionSet.False, ConditionSet.True), (stalled.Status, reconciling.Status));
    }

    private static V1Condition Ready(StatusDecision decision) =>
        Assert.Single(decision.Status.Conditions!, condition => condition.Type == KstatusConditions.Ready);

    private static FineTuneJob Job(Action<FineTuneJobSpec>? change = null)
    {
        var job = TestObjects.FineTuneJob(change: change);
        job.Metadata.Generation = Generation;
        return job;
    }

    private static StatusInputs Inputs(string scenario)
    {
        var job = Job(scenario == "suspended" ? spec => spec.Suspend = true : null);
        if (scenario == "queued by kueue")
        {
            job.Metadata.Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/queue-name"] = "gpu-queue" };
        }

        IReadOnlyList<SpecProblem> problems = scenario == "invalid spec" ? [new SpecProblem("spec.model.uri", "'s3://x' has the unsupported scheme s3://")] : [];
        var (trainerJob, pods) = scenario switch
        {
            "no job yet" or "invalid spec" => (null, []),
            "running" => (TestObjects.TrainerJob(), [TestObjects.RunningPod("p1")]),
            "restarting" => (TestObjects.TrainerJob(), [TestObjects.FailedPod("p1", 1), TestObjects.RunningPod("p2")]),
            "queued by kueue" => (TestObjects.TrainerJob(suspend: true), []),
            "unschedulable" => (TestObjects.TrainerJob(), [TestObjects.UnschedulablePod("p1")]),
            "suspended" => (TestObjects.TrainerJob(suspend: true), []),
            "succeeded" => (TestObjects.TrainerJob(conditionType: "Complete"), []),
            "backoff" => (TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "BackoffLimitExceeded"), [TestObjects.FailedPod("p1", 1), TestObjects.FailedPod("p2", 1)]),
            "out of memory" => (TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "BackoffLimitExceeded"), new[] { TestObjects.FailedPod("p1", 137, "OOMKilled") }),
            _ => throw new ArgumentException($"unknown scenario {scenario}", nameof(scenario)),
        };
        return new StatusInputs(job, problems, trainerJob, pods, TestObjects.Now, Grace);
    }
}
