using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Pods;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.DevCluster.Tests.Jobs;

public sealed class TtlAfterFinishedControllerTests
{
    private static V1Job NewJob(string name, string image, int? ttlSeconds) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            TtlSecondsAfterFinished = ttlSeconds,
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = image }] },
            },
        },
    };

    [Fact]
    public async Task Ttl_CompletedJob_DeletedWithItsPodsOnlyOnceTtlHasPassed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/ok"] = ["exit:0"] } }, time);
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);
        await client.BatchV1.CreateNamespacedJobAsync(NewJob("short-lived", "test/ok", ttlSeconds: 60), "default");
        await ClusterWait.ForAsync(cluster.Store, GroupVersionResource.Jobs, "default", "short-lived", job => job.HasCondition("Complete"), "Complete");
        await Eventually.TrueAsync(() => cluster.Workloads.TtlAfterFinished.Pending.ContainsKey("default/short-lived"), "the TTL to be pending");

        time.Advance(TimeSpan.FromSeconds(59));
        var beforeTtl = cluster.Store.TryGet(GroupVersionResource.Jobs, "default", "short-lived");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotNull(beforeTtl);
        await ClusterWait.UntilAsync(cluster.Store, GroupVersionResource.Jobs, "default", jobs => jobs.Count == 0 ? jobs : null, "the Job deleted");
        await ClusterWait.UntilAsync(cluster.Store, GroupVersionResource.Pods, "default", pods => pods.Count == 0 ? pods : null, "its pod collected");
    }

    [Fact]
    public async Task Ttl_FailedJobWithZeroTtl_DeletedAtOnce()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/fail"] = ["exit:1"] } });
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);

        await client.BatchV1.CreateNamespacedJobAsync(NewJob("failing", "test/fail", ttlSeconds: 0), "default");

        await ClusterWait.UntilAsync(cluster.Store, GroupVersionResource.Jobs, "default", jobs => jobs.Count == 0 ? jobs : null, "the failed Job deleted");
    }

    [Fact]
    public void ExpiresAt_FinishedWithTtl_IsFinishTimePlusTtl()
    {
        var job = JsonNode.Parse("""
            {"spec": {"ttlSecondsAfterFinished": 30},
             "status": {"conditions": [
               {"type": "FailureTarget", "status": "True", "lastTransitionTime": "2025-01-01T00:00:00Z"},
               {"type": "Failed", "status": "True", "lastTransitionTime": "2025-01-01T00:00:05Z"}]}}
            """)!.AsObject();

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 35, TimeSpan.Zero), TtlAfterFinishedController.ExpiresAt(job));
    }

    [Theory]
    [InlineData("""{"spec": {}, "status": {"conditions": [{"type": "Complete", "status": "True", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}}""")]
    [InlineData("""{"spec": {"ttlSecondsAfterFinished": 30}, "status": {"conditions": [{"type": "Suspended", "status": "True", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}}""")]
    [InlineData("""{"spec": {"ttlSecondsAfterFinished": 30}}""")]
    public void ExpiresAt_NoTtlOrNotFinished_Null(string json) =>
        Assert.Null(TtlAfterFinishedController.ExpiresAt(JsonNode.Parse(json)!.AsObject()));
}
