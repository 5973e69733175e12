using System.Text.Json.Nodes;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using static KubeTune.Operator.Tests.Controllers.Integration.ReconcilerCluster;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>The reconciler driven by the real operator host against the dev cluster's Job controller and scripted pods.</summary>
[Collection(ReconcilerClusterCollection.Name)]
public sealed class FineTuneJobReconcilerTests(ReconcilerCluster cluster)
{
    private const string Ns = SharedNamespace;

    [Fact]
    public async Task Create_ValidJob_ConfigMapAndJobWithTheExpectedTemplateThenRunning()
    {
        cluster.Script("test/create:1", "run");
        await cluster.CreateAsync(NewJob(Ns, "create", "test/create:1"));

        var running = await cluster.WaitForAsync(Ns, "create", job => Has(job, ConditionTypes.Running, ConditionReasons.PodRunning), "Running/PodRunning");

        Assert.Equal(FineTuneJobPhase.Running, running.Status!.Phase);
        Assert.NotNull(running.Status.StartTime);
        Assert.Equal(running.Metadata.Generation, running.Status.ObservedGeneration);
        var configMap = await cluster.GetConfigMapAsync(Ns, "create-config");
        var config = JsonNode.Parse(configMap!.Data["job.json"])!;
        Assert.Equal("/workspace/data/train.jsonl", (string?)config["workspace"]!["datasetPath"]);
        var trainerJob = await cluster.GetJobAsync(Ns, "create");
        Assert.Equal(running.Metadata.Uid, Assert.Single(trainerJob!.Metadata.OwnerReferences).Uid);
        Assert.Equal("kubetune-trainer", trainerJob.Spec.Template.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.Equal("1", trainerJob.Spec.Template.Spec.Containers[0].Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("test/create:1", trainerJob.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(3, trainerJob.Spec.BackoffLimit);
        await UntilAsync(async () => (await cluster.EventsAsync(Ns, "create")).Select(item => item.Reason).Order().SequenceEqual(["Created", "Started"]), "events Created and Started, once each");
        await cluster.DeleteAsync(Ns, "create");
    }

    [Fact]
    public async Task Reconcile_PodSucceeds_SucceededWithCompletionTime()
    {
        cluster.Script("test/ok:1", "exit:0 after:100ms");
        await cluster.CreateAsync(NewJob(Ns, "ok", "test/ok:1"));

        var done = await cluster.WaitForAsync(Ns, "ok", job => job.Status?.Phase == FineTuneJobPhase.Succeeded, "Succeeded");

        Assert.True(Has(done, ConditionTypes.Succeeded, ConditionReasons.Completed));
        Assert.NotNull(done.Status!.CompletionTime);
        Assert.Equal("False", Condition(done, ConditionTypes.Running)?.Status ?? "False");
        await UntilAsync(async () => (await cluster.EventsAsync(Ns, "ok")).Any(item => item.Reason == "Succeeded"), "a Succeeded event");
    }

    [Fact]
    public async Task Reconcile_ExitOneTwiceThenSuccess_RestartingThenSucceededWithTwoRestarts()
    {
        cluster.Script("test/flaky:1", "exit:1 after:100ms", "exit:1 after:100ms", "exit:0 after:1s");
        await cluster.CreateAsync(NewJob(Ns, "flaky", "test/flaky:1"));

        var restarting = await cluster.WaitForAsync(Ns, "flaky", job => Has(job, ConditionTypes.Running, ConditionReasons.Restarting) && job.Status!.Restarts == 2, "Running/Restarting with 2 restarts");
        var done = await cluster.WaitForAsync(Ns, "flaky", job => job.Status?.Phase == FineTuneJobPhase.Succeeded, "Succeeded");

        Assert.Contains("restarted 2 times", Condition(restarting, ConditionTypes.Running)!.Message, StringComparison.Ordinal);
        Assert.Equal(2, done.Status!.Restarts);
        Assert.Equal(3, cluster.PodsStarted("test/flaky:1"));
        var restarts = (await cluster.EventsAsync(Ns, "flaky")).Where(item => item.Reason == "Restarted").Select(item => item.Message).Order().ToList();
        // The restart count comes from the Job; the exit code is added when the pod cache already shows the failed pod.
        Assert.Equal(2, restarts.Count);
        Assert.All(restarts.Select((message, index) => (message, index)), restart =>
            Assert.Matches($@"^the trainer restarted \(restart {restart.index + 1}\)(: exit code 1)?$", restart.message));
    }

    [Fact]
    public async Task Reconcile_ExitTwo_FailedInvalidInputWithoutRetry()
    {
        cluster.Script("test/bad-input:1", "exit:2 after:100ms", "exit:0");
        await cluster.CreateAsync(NewJob(Ns, "bad-input", "test/bad-input:1"));

        var failed = await cluster.WaitForAsync(Ns, "bad-input", job => job.Status?.Phase == FineTuneJobPhase.Failed, "Failed");

        Assert.True(Has(failed, ConditionTypes.Failed, ConditionReasons.InvalidInput), KubernetesJsonOf(failed));
        Assert.Equal(1, cluster.PodsStarted("test/bad-input:1"));
        // The pod failed by the FailJob rule was never retried: no restart, no Restarted event.
        Assert.Null(failed.Status!.Restarts);
        Assert.DoesNotContain(await cluster.EventsAsync(Ns, "bad-input"), item => item.Reason == "Restarted");
        await UntilAsync(async () => (await cluster.EventsAsync(Ns, "bad-input")).Any(item => item.Reason == "Failed" && item.Message.StartsWith("InvalidInput:", StringComparison.Ordinal)), "a Failed event naming InvalidInput");
    }

    [Fact]
    public async Task Reconcile_OomKilledEveryTime_FailedOomKilledOnceBackoffLimitIsSpent()
    {
        cluster.Script("test/oom:1", "oom after:50ms");
        var spec = NewJob(Ns, "oom", "test/oom:1");
        spec.Spec.BackoffLimit = 1;
        await cluster.CreateAsync(spec);

        var failed = await cluster.WaitForAsync(Ns, "oom", job => job.Status?.Phase == FineTuneJobPhase.Failed, "Failed");

        Assert.True(Has(failed, ConditionTypes.Failed, ConditionReasons.OomKilled), KubernetesJsonOf(failed));
        Assert.Equal(2, cluster.PodsStarted("test/oom:1"));
        Assert.Equal(2, failed.Status!.Restarts);
    }

    [Fact]
    public async Task Reconcile_EvictionsWithDisruptionTarget_NotCountedAgainstBackoffLimit()
    {
        cluster.Script("test/evicted:1", "evict after:50ms", "evict after:50ms", "exit:0 after:100ms");
        var spec = NewJob(Ns, "evicted", "test/evicted:1");
        spec.Spec.BackoffLimit = 0;
        await cluster.CreateAsync(spec);

        var done = await cluster.WaitForAsync(Ns, "evicted", job => job.Status?.Phase is FineTuneJobPhase.Succeeded or FineTuneJobPhase.Failed, "finished");

        Assert.Equal(FineTuneJobPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(3, cluster.PodsStarted("test/evicted:1"));
        Assert.Null(done.Status.Restarts);
    }

    [Fact]
    public async Task Reconcile_SuspendAndResume_JobSuspendFollowsTheSpec()
    {
        cluster.Script("test/suspend:1", "run");
        var spec = NewJob(Ns, "suspend", "test/suspend:1");
        spec.Spec.Suspend = true;
        await cluster.CreateAsync(spec);

        await cluster.WaitForAsync(Ns, "suspend", job => Has(job, ConditionTypes.Suspended, ConditionReasons.UserSuspended) && job.Status!.Phase == FineTuneJobPhase.Suspended, "Suspended");
        Assert.True((await cluster.GetJobAsync(Ns, "suspend"))!.Spec.Suspend);
        Assert.Equal(0, cluster.PodsStarted("test/suspend:1"));

        await cluster.PatchSpecAsync(Ns, "suspend", "{\"suspend\":false}");
        var resumed = await cluster.WaitForAsync(Ns, "suspend", job => Has(job, ConditionTypes.Running, ConditionReasons.PodRunning), "Running after resume");

        Assert.Equal(ConditionReasons.Resumed, Condition(resumed, ConditionTypes.Suspended)!.Reason);
        Assert.False((await cluster.GetJobAsync(Ns, "suspend"))!.Spec.Suspend);

        await cluster.PatchSpecAsync(Ns, "suspend", "{\"suspend\":true}");
        await cluster.WaitForAsync(Ns, "suspend", job => job.Status?.Phase == FineTuneJobPhase.Suspended, "Suspended again");
        Assert.True((await cluster.GetJobAsync(Ns, "suspend"))!.Spec.Suspend);
        await cluster.DeleteAsync(Ns, "suspend");
    }

    [Fact]
    public async Task Reconcile_KueueQueueLabel_JobCreatedSuspendedQueuedAndOnlyKueueUnsuspends()
    {
        cluster.Script("test/kueue:1", "exit:0 after:300ms");
        var spec = NewJob(Ns, "kueue", "test/kueue:1");
        spec.Metadata.Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/queue-name"] = "gpu-queue" };
        await cluster.CreateAsync(spec);

        var queued = await cluster.WaitForAsync(Ns, "kueue", job => Has(job, ConditionTypes.Queued, ConditionReasons.WaitingForQueue), "Queued/WaitingForQueue");
        Assert.Equal(FineTuneJobPhase.Queued, queued.Status!.Phase);
        var trainerJob = (await cluster.GetJobAsync(Ns, "kueue"))!;
        Assert.True(trainerJob.Spec.Suspend);
        Assert.Equal("gpu-queue", trainerJob.Metadata.Labels["kueue.x-k8s.io/queue-name"]);

        // What Kueue does on admission: unsuspend the child Job.
        await cluster.Client.BatchV1.PatchNamespacedJobAsync(new k8s.Models.V1Patch("{\"spec\":{\"suspend\":false}}", k8s.Models.V1Patch.PatchType.MergePatch), "kueue", Ns);
        var done = await cluster.WaitForAsync(Ns, "kueue", job => job.Status?.Phase == FineTuneJobPhase.Succeeded, "Succeeded after admission");

        Assert.Equal("False", Condition(done, ConditionTypes.Queued)!.Status);
        Assert.False((await cluster.GetJobAsync(Ns, "kueue"))!.Spec.Suspend);
    }

    [Fact]
    public async Task Reconcile_ActiveDeadlineExceeded_FailedDeadlineExceeded()
    {
        cluster.Script("test/slow:1", "run");
        var spec = NewJob(Ns, "slow", "test/slow:1");
        spec.Spec.ActiveDeadlineSeconds = 1;
        await cluster.CreateAsync(spec);

        var failed = await cluster.WaitForAsync(Ns, "slow", job => job.Status?.Phase == FineTuneJobPhase.Failed, "Failed");

        Assert.True(Has(failed, ConditionTypes.Failed, ConditionReasons.DeadlineExceeded), KubernetesJsonOf(failed));
    }

    [Fact]
    public async Task Reconcile_ImageNeverPulls_FailedImagePullFailedAndJobRemoved()
    {
        cluster.Script("test/no-such-image:1", "image-pull-error");
        await cluster.CreateAsync(NewJob(Ns, "no-image", "test/no-such-image:1"));

        var failed = await cluster.WaitForAsync(Ns, "no-image", job => job.Status?.Phase == FineTuneJobPhase.Failed, "Failed");

        Assert.True(Has(failed, ConditionTypes.Failed, ConditionReasons.ImagePullFailed), KubernetesJsonOf(failed));
        Assert.Contains("test/no-such-image:1", Condition(failed, ConditionTypes.Failed)!.Message, StringComparison.Ordinal);
        await UntilAsync(async () => await cluster.GetJobAsync(Ns, "no-image") is null, "the stuck Job deleted");
        Assert.Equal(FineTuneJobPhase.Failed, (await cluster.GetAsync(Ns, "no-image"))!.Status!.Phase);
    }

    [Fact]
    public async Task Reconcile_TtlAfterFinished_FineTuneJobAndChildrenDeleted()
    {
        cluster.Script("test/ttl:1", "exit:0 after:50ms");
        var spec = NewJob(Ns, "ttl", "test/ttl:1");
        spec.Spec.TtlSecondsAfterFinished = 1;
        await cluster.CreateAsync(spec);

        await cluster.WaitForAsync(Ns, "ttl", job => job.Status?.Phase == FineTuneJobPhase.Succeeded, "Succeeded");

        await UntilAsync(async () => await cluster.GetAsync(Ns, "ttl") is null, "the FineTuneJob deleted after its TTL");
        await UntilAsync(async () => await cluster.GetJobAsync(Ns, "ttl") is null && await cluster.GetConfigMapAsync(Ns, "ttl-config") is null, "children garbage-collected");
    }

    [Fact]
    public async Task Delete_RunningJob_ChildrenRemoved()
    {
        cluster.Script("test/delete:1", "run");
        await cluster.CreateAsync(NewJob(Ns, "delete", "test/delete:1"));
        await cluster.WaitForAsync(Ns, "delete", job => job.Status?.Phase == FineTuneJobPhase.Running, "Running");

        await cluster.DeleteAsync(Ns, "delete");

        await UntilAsync(async () => await cluster.GetJobAsync(Ns, "delete") is null && await cluster.GetConfigMapAsync(Ns, "delete-config") is null, "Job and ConfigMap garbage-collected");
        await UntilAsync(async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "kubetune.io/job=delete")).Items.Count == 0, "trainer pods gone");
    }

    [Fact]
    public async Task Reconcile_InvalidSpec_AcceptedFalseNamingTheFieldAndNothingCreated()
    {
        var spec = NewJob(Ns, "invalid", DefaultImage);
        spec.Spec.Output.Uri = "pvc://models/../../etc";
        spec.Spec.Resources!.Gpus = 1;
        await cluster.CreateAsync(spec);

        var rejected = await cluster.WaitForAsync(Ns, "invalid", job => Condition(job, ConditionTypes.Accepted)?.Status == "False", "Accepted=False");

        var accepted = Condition(rejected, ConditionTypes.Accepted)!;
        Assert.Equal(ConditionReasons.InvalidSpec, accepted.Reason);
        Assert.StartsWith("spec.output.uri:", accepted.Message, StringComparison.Ordinal);
        Assert.Null(await cluster.GetJobAsync(Ns, "invalid"));
        Assert.Null(await cluster.GetConfigMapAsync(Ns, "invalid-config"));
        await UntilAsync(async () => (await cluster.EventsAsync(Ns, "invalid")).Any(item => item.Reason == ConditionReasons.InvalidSpec), "an InvalidSpec warning event");
    }

    [Fact]
    public async Task Reconcile_OutputIsTheModel_AcceptedFalseAndNoJobMountsTheModelWritable()
    {
        var spec = NewJob(Ns, "overwrite", DefaultImage);
        spec.Spec.Output.Uri = spec.Spec.Model.Uri + "/";
        await cluster.CreateAsync(spec);

        var rejected = await cluster.WaitForAsync(Ns, "overwrite", job => Condition(job, ConditionTypes.Accepted)?.Status == "False", "Accepted=False");

        var accepted = Condition(rejected, ConditionTypes.Accepted)!;
        Assert.Equal(ConditionReasons.InvalidSpec, accepted.Reason);
        Assert.Contains("spec.output.uri: ", accepted.Message, StringComparison.Ordinal);
        Assert.Contains("is the same location as spec.model.uri", accepted.Message, StringComparison.Ordinal);
        Assert.Null(await cluster.GetJobAsync(Ns, "overwrite"));
    }

    [Fact]
    public async Task Reconcile_StatusWriteConflicts_RetriedUntilWritten()
    {
        cluster.Cluster.Faults.FailNext("PATCH", "finetunejobs/conflict/status", 409, times: 3);
        cluster.Script("test/conflict:1", "run");
        await cluster.CreateAsync(NewJob(Ns, "conflict", "test/conflict:1"));

        await cluster.WaitForAsync(Ns, "conflict", job => job.Status?.Phase == FineTuneJobPhase.Running, "Running despite conflicts");

        Assert.Equal(0, cluster.Cluster.Faults.Pending);
        await cluster.DeleteAsync(Ns, "conflict");
    }

    private static string KubernetesJsonOf(FineTuneJob job) => k8s.KubernetesJson.Serialize(job.Status);
}
