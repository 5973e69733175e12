using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Pods;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.DevCluster.Tests.Jobs;

public sealed class JobControllerTests
{
    private static readonly GroupVersionResource JobResource = GroupVersionResource.Jobs;
    private static readonly GroupVersionResource PodResource = GroupVersionResource.Pods;

    [Fact]
    public async Task Reconcile_NewJob_CreatesOnePodFromTemplate()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/run"] = ["run"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        var job = await client.BatchV1.CreateNamespacedJobAsync(NewJob("train", "test/run"), "default");

        var pod = (await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.SingleOrDefault(pod => pod.Phase() == "Running"), "a running pod"));
        var status = await WaitForJobAsync(cluster, "train", job => job.Count("ready") == 1, "ready 1");

        Assert.Matches("^train-[a-z0-9]{5}$", ObjectMetadata.Name(pod));
        var labels = ObjectMetadata.Labels(pod);
        Assert.Equal("kubetune-trainer", labels["app"]);
        Assert.Equal("train", labels[JobLabels.JobName]);
        Assert.Equal("train", labels[JobLabels.LegacyJobName]);
        Assert.Equal(job.Metadata.Uid, labels[JobLabels.ControllerUid]);
        Assert.Equal(job.Metadata.Uid, labels[JobLabels.LegacyControllerUid]);
        var owner = pod["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("Job", "train", job.Metadata.Uid, "true"), (owner["kind"].Text(), owner["name"].Text(), owner["uid"].Text(), owner["controller"].Text()));
        Assert.Equal("test/run", pod["spec"]!["containers"]![0]!["image"].Text());
        Assert.Equal(1, status.Count("active"));
        Assert.NotNull(status["status"]!["startTime"]);
    }

    [Fact]
    public async Task Reconcile_PodSucceeds_JobComplete()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/ok"] = ["exit:0"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("done", "test/ok"), "default");

        var job = await WaitForJobAsync(cluster, "done", job => job.HasCondition("Complete"), "Complete");

        Assert.Equal(1, job.Count("succeeded"));
        Assert.Equal(0, job.Count("failed"));
        Assert.Equal(0, job.Count("active"));
        Assert.NotNull(job["status"]!["completionTime"]);
        Assert.Equal("CompletionsReached", job.Condition("Complete")!["reason"].Text());
        var typed = await client.BatchV1.ReadNamespacedJobStatusAsync("done", "default");
        Assert.Contains(typed.Status.Conditions, condition => condition.Type == "Complete" && condition.Status == "True");
    }

    [Fact]
    public async Task Reconcile_ExitOneTwiceThenSuccess_CompleteWithTwoFailures()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/fail-twice"] = ["exit:1", "exit:1", "exit:0"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("flaky", "test/fail-twice", backoffLimit: 3), "default");

        var job = await WaitForJobAsync(cluster, "flaky", job => job.HasCondition("Complete"), "Complete");

        Assert.Equal((2, 1), (job.Count("failed"), job.Count("succeeded")));
        Assert.Equal(3, cluster.Store.List(PodResource, "default").Items.Count);
    }

    [Fact]
    public async Task Reconcile_AlwaysExitOne_FailedWhenBackoffLimitSpent()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/broken"] = ["exit:1"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("broken", "test/broken", backoffLimit: 1), "default");

        var job = await WaitForJobAsync(cluster, "broken", job => job.HasCondition("Failed"), "Failed");

        Assert.Equal("BackoffLimitExceeded", job.Condition("Failed")!["reason"].Text());
        Assert.Equal(2, job.Count("failed"));
        Assert.Equal(2, cluster.Store.List(PodResource, "default").Items.Count);
        Assert.Null(job["status"]!["completionTime"]);
    }

    [Fact]
    public async Task Reconcile_ExitCodeMatchesFailJobRule_FailedAfterOnePod()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/invalid-input"] = ["exit:2"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("invalid", "test/invalid-input", backoffLimit: 3, policy: TrainerPolicy()), "default");

        var job = await WaitForJobAsync(cluster, "invalid", job => job.HasCondition("Failed"), "Failed");

        var failed = job.Condition("Failed")!;
        Assert.Equal("PodFailurePolicy", failed["reason"].Text());
        Assert.Contains("failed with exit code 2 matching FailJob rule at index 0", failed["message"].Text());
        Assert.Single(cluster.Store.List(PodResource, "default").Items);
        Assert.Equal(1, cluster.Workloads.Scripts.Taken("test/invalid-input"));
    }

    [Fact]
    public async Task Reconcile_EvictionsWithIgnoreRule_NotCounted()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/evicted"] = ["evict", "preempt", "exit:0"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("evicted", "test/evicted", backoffLimit: 0, policy: TrainerPolicy()), "default");

        var job = await WaitForJobAsync(cluster, "evicted", job => job.HasCondition("Complete") || job.HasCondition("Failed"), "a final condition");

        Assert.True(job.HasCondition("Complete"));
        Assert.Equal(0, job.Count("failed"));
        var pods = cluster.Store.List(PodResource, "default").Items;
        Assert.Equal(3, pods.Count);
        Assert.Equal(2, pods.Count(pod => pod.HasCondition("DisruptionTarget")));
    }

    [Fact]
    public async Task Reconcile_EvictionWithoutPolicy_Counted()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/evicted"] = ["evict"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("evicted", "test/evicted", backoffLimit: 0), "default");

        var job = await WaitForJobAsync(cluster, "evicted", job => job.HasCondition("Failed"), "Failed");

        Assert.Equal("BackoffLimitExceeded", job.Condition("Failed")!["reason"].Text());
        Assert.Equal(1, job.Count("failed"));
    }

    [Fact]
    public async Task Reconcile_SuspendThenResume_DeletesRunningPodThenStartsNewOne()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/run"] = ["run"] } }, time);
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("pausable", "test/run"), "default");
        var first = await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.SingleOrDefault(pod => pod.Phase() == "Running"), "a running pod");
        var started = (await WaitForJobAsync(cluster, "pausable", job => job.Count("active") == 1, "active 1"))["status"]!["startTime"].Text();

        await client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"spec": {"suspend": true}}""", V1Patch.PatchType.MergePatch), "pausable", "default");
        var suspended = await WaitForJobAsync(cluster, "pausable", job => job.HasCondition("Suspended") && job.Count("active") == 0, "Suspended");
        await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.Count == 0 ? pods : null, "no pods");
        time.Advance(TimeSpan.FromMinutes(5));
        await client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"spec": {"suspend": false}}""", V1Patch.PatchType.MergePatch), "pausable", "default");

        var second = await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.SingleOrDefault(pod => pod.Phase() == "Running"), "a new running pod");
        var resumed = await WaitForJobAsync(cluster, "pausable", job => job.HasCondition("Suspended", "False") && job.Count("active") == 1, "resumed");
        Assert.Equal("JobSuspended", suspended.Condition("Suspended")!["reason"].Text());
        Assert.Equal("JobResumed", resumed.Condition("Suspended")!["reason"].Text());
        Assert.NotEqual(ObjectMetadata.Name(first), ObjectMetadata.Name(second));
        Assert.Equal("2025-01-01T00:05:00Z", resumed["status"]!["startTime"].Text());
        Assert.Equal("2025-01-01T00:00:00Z", started);
        Assert.Equal(0, resumed.Count("failed"));
    }

    [Fact]
    public async Task Reconcile_ActiveDeadlinePassed_FailedDeadlineExceededAndPodKilled()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/run"] = ["run"] } }, time);
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        var spec = NewJob("slow", "test/run");
        spec.Spec.ActiveDeadlineSeconds = 60;
        await client.BatchV1.CreateNamespacedJobAsync(spec, "default");
        await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.SingleOrDefault(pod => pod.Phase() == "Running"), "a running pod");
        await WaitForJobAsync(cluster, "slow", job => job.Count("active") == 1, "active 1");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(cluster.Store.Get(JobResource, "default", "slow").HasCondition("Failed"));
        time.Advance(TimeSpan.FromSeconds(1));

        var job = await WaitForJobAsync(cluster, "slow", job => job.HasCondition("Failed"), "Failed");
        Assert.Equal("DeadlineExceeded", job.Condition("Failed")!["reason"].Text());
        Assert.Equal(0, job.Count("active"));
        await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.Count == 0 ? pods : null, "the pod deleted");
    }

    [Fact]
    public async Task Reconcile_JobDeleted_PodsCollected()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/run"] = ["run"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("gone", "test/run"), "default");
        await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.SingleOrDefault(pod => pod.Phase() == "Running"), "a running pod");

        await client.BatchV1.DeleteNamespacedJobAsync("gone", "default", propagationPolicy: "Background");

        await ClusterWait.UntilAsync(cluster.Store, PodResource, "default", pods => pods.Count == 0 ? pods : null, "the pod collected");
    }

    private static Task<JsonObject> WaitForJobAsync(WorkloadCluster cluster, string name, Func<JsonObject, bool> condition, string what) =>
        ClusterWait.ForAsync(cluster.Store, JobResource, "default", name, condition, what);

    private static V1Job NewJob(string name, string image, int? backoffLimit = null, V1PodFailurePolicy? policy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = backoffLimit,
            PodFailurePolicy = policy,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "kubetune-trainer" } },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "trainer", Image = image }],
                },
            },
        },
    };

    // What the operator asks for: exit codes 2 and 3 fail the Job at once, disruptions are retried without counting.
    private static V1PodFailurePolicy TrainerPolicy() => new()
    {
        Rules =
        [
            new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = "trainer", OperatorProperty = "In", Values = [2, 3] } },
            new V1PodFailurePolicyRule { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] },
        ],
    };
}
