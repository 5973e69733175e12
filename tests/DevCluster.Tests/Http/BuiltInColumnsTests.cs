using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Http;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Pods;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Http;

/// <summary><c>kubectl get</c> on built-in kinds prints the columns a real cluster prints.</summary>
public sealed class BuiltInColumnsTests(WorkloadClusterFixture cluster) : IClassFixture<WorkloadClusterFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task KubectlGetPods_ScriptedFates_ShowsReadyAndKubernetesStatus()
    {
        var ns = await NamespaceAsync();
        var fates = new Dictionary<string, string?> { ["running"] = "run", ["done"] = "exit:0", ["crashed"] = "exit:1", ["oom"] = "oom", ["unpullable"] = null };
        foreach (var (name, fate) in fates)
        {
            var annotations = fate is null ? null : new Dictionary<string, string> { ["devcluster.kubetune.io/fate"] = fate };
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new() { Name = name, Annotations = annotations },
                Spec = new() { RestartPolicy = "Never", Containers = [new() { Name = "main", Image = fate is null ? "registry.invalid/nothing:1" : "test/scripted" }] },
            }, ns);
        }

        await ClusterWait.UntilAsync(cluster.Host.Store, GroupVersionResource.Pods, ns, pods => pods.All(Settled) && pods.Count == fates.Count ? pods : null, "every pod settled");
        var result = (await _kubectl.RunAsync("get", "pods", "-n", ns)).ShouldSucceed();

        var rows = Rows(result.Stdout);
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$", rows[0]);
        Assert.Matches(@"^running\s+1/1\s+Running\s+0\s+\d+s$", Row(rows, "running"));
        Assert.Matches(@"^done\s+0/1\s+Completed\s+0\s+\d+s$", Row(rows, "done"));
        Assert.Matches(@"^crashed\s+0/1\s+Error\s+0\s+\d+s$", Row(rows, "crashed"));
        Assert.Matches(@"^oom\s+0/1\s+OOMKilled\s+0\s+\d+s$", Row(rows, "oom"));
        Assert.Matches(@"^unpullable\s+0/1\s+ImagePullBackOff\s+0\s+\d+s$", Row(rows, "unpullable"));
    }

    [Fact]
    public async Task KubectlGetJobs_CompleteAndSuspended_ShowsStatusCompletionsDuration()
    {
        var ns = await NamespaceAsync();
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(ScriptedJob("finished", "exit:0", suspend: false), ns);
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(ScriptedJob("waiting", "exit:0", suspend: true), ns);
        await ClusterWait.UntilAsync(cluster.Host.Store, GroupVersionResource.Jobs, ns, jobs => jobs.Count == 2 && jobs.All(job => job.Condition("Complete") is not null || job.Condition("Suspended") is not null) ? jobs : null, "Complete and Suspended");

        var rows = Rows((await _kubectl.RunAsync("get", "jobs", "-n", ns)).ShouldSucceed().Stdout);

        Assert.Matches(@"^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$", rows[0]);
        Assert.Matches(@"^finished\s+Complete\s+1/1\s+\d+s\s+\d+s$", Row(rows, "finished"));
        Assert.Matches(@"^waiting\s+Suspended\s+0/1\s+\d+s$", Row(rows, "waiting"));
    }

    [Fact]
    public async Task KubectlGetConfigMapsAndLeases_ShowDataCountAndHolder()
    {
        var ns = await NamespaceAsync();
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "settings" }, Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }, ns);
        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new() { Name = "leader" }, Spec = new() { HolderIdentity = "operator-0" } }, ns);

        var configMaps = Rows((await _kubectl.RunAsync("get", "configmaps", "-n", ns)).ShouldSucceed().Stdout);
        var leases = Rows((await _kubectl.RunAsync("get", "leases", "-n", ns)).ShouldSucceed().Stdout);

        Assert.Matches(@"^NAME\s+DATA\s+AGE$", configMaps[0]);
        Assert.Matches(@"^settings\s+2\s+\d+s$", Row(configMaps, "settings"));
        Assert.Matches(@"^NAME\s+HOLDER\s+AGE$", leases[0]);
        Assert.Matches(@"^leader\s+operator-0\s+\d+s$", Row(leases, "leader"));
    }

    [Fact]
    public async Task KubectlGetEvents_CoreEvent_ShowsLastSeenTypeReasonObjectMessage()
    {
        var ns = await NamespaceAsync();
        await cluster.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new() { Name = "ftj.1" },
            InvolvedObject = new() { Kind = "FineTuneJob", Name = "bert", NamespaceProperty = ns },
            Type = "Warning",
            Reason = "BackoffLimitExceeded",
            Message = "Job has reached the specified backoff limit",
            LastTimestamp = DateTime.UtcNow,
        }, ns);

        var rows = Rows((await _kubectl.RunAsync("get", "events", "-n", ns)).ShouldSucceed().Stdout);

        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$", rows[0]);
        Assert.Matches(@"^\d+s\s+Warning\s+BackoffLimitExceeded\s+finetunejob/bert\s+Job has reached the specified backoff limit$", rows[1]);
    }

    [Theory]
    [InlineData("""{"status": {"phase": "Pending", "containerStatuses": [{"ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}""", "CrashLoopBackOff")]
    [InlineData("""{"metadata": {"deletionTimestamp": "2025-01-01T11:59:00Z"}, "status": {"phase": "Running", "containerStatuses": [{"ready": true, "state": {"running": {}}}]}}""", "Terminating")]
    [InlineData("""{"status": {"phase": "Failed", "reason": "Evicted"}}""", "Evicted")]
    [InlineData("""{"status": {"phase": "Failed", "containerStatuses": [{"state": {"terminated": {"exitCode": 137, "signal": 9}}}]}}""", "Signal:9")]
    [InlineData("""{"status": {"phase": "Failed", "containerStatuses": [{"state": {"terminated": {"exitCode": 3}}}]}}""", "ExitCode:3")]
    [InlineData("""{"status": {"phase": "Pending"}}""", "Pending")]
    public void PodStatus_ContainerStates_MatchKubectl(string pod, string expected) =>
        Assert.Equal(expected, PodColumns.Status(JsonNode.Parse(pod)!.AsObject(), Now).ToString());

    [Fact]
    public void PodRestarts_WithLastTermination_ShowsCountAndHowLongAgo()
    {
        var pod = JsonNode.Parse("""
            {"status": {"containerStatuses": [{"restartCount": 2, "lastState": {"terminated": {"finishedAt": "2025-01-01T11:59:55Z"}}}]}}
            """)!.AsObject();

        Assert.Equal("2 (5s ago)", PodColumns.Restarts(pod, Now).ToString());
    }

    [Theory]
    [InlineData("""{"spec": {"completions": 3}, "status": {"succeeded": 2}}""", "2/3")]
    [InlineData("""{"spec": {"parallelism": 4}, "status": {"succeeded": 1}}""", "1/1 of 4")]
    [InlineData("""{"spec": {"parallelism": 1}}""", "0/1")]
    public void JobCompletions_SpecAndStatus_MatchKubectl(string job, string expected) =>
        Assert.Equal(expected, JobColumns.Completions(JsonNode.Parse(job)!.AsObject(), Now).ToString());

    private static bool Settled(JsonObject pod) =>
        pod.Phase() is "Succeeded" or "Failed"
        || (pod.Phase() == "Running" && pod.HasCondition("Ready"))
        || pod.ContainerState("waiting")?["reason"].Text() == "ImagePullBackOff";

    private static V1Job ScriptedJob(string name, string fate, bool suspend) => new()
    {
        Metadata = new() { Name = name },
        Spec = new()
        {
            Suspend = suspend,
            Template = new()
            {
                Metadata = new() { Annotations = new Dictionary<string, string> { ["devcluster.kubetune.io/fate"] = fate } },
                Spec = new() { RestartPolicy = "Never", Containers = [new() { Name = "main", Image = "test/scripted" }] },
            },
        },
    };

    private async Task<string> NamespaceAsync()
    {
        var ns = Names.Unique("tables");
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns } });
        return ns;
    }

    private static string[] Rows(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Row(string[] rows, string name) =>
        rows.FirstOrDefault(row => Regex.IsMatch(row, $@"^{Regex.Escape(name)}\s")) ?? throw new Xunit.Sdk.XunitException($"no row {name} in:\n{string.Join('\n', rows)}");
}
