using System.Text.Json.Nodes;
using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class PodRunnerTests
{
    private static readonly GroupVersionResource PodResource = GroupVersionResource.Pods;

    [Fact]
    public async Task Run_MappedImageWithEnvAndArgs_ExitCodeAndOutputReported()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/shell:1"] = new ImageCommand(["/bin/sh", "-c"]) },
        });
        cluster.CreatePod("""
            {"metadata": {"name": "shell"}, "spec": {"restartPolicy": "Never", "containers": [{
              "name": "main", "image": "local/shell:1",
              "args": ["echo \"FOO=$FOO pod=$(POD_NAME)\"; exit 3"],
              "env": [{"name": "FOO", "value": "bar"}, {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "shell", pod => pod.Phase() == "Failed", "phase Failed");

        var terminated = pod.ContainerState("terminated")!;
        Assert.Equal("3", terminated["exitCode"].Text());
        Assert.Equal("Error", terminated["reason"].Text());
        Assert.NotNull(terminated["finishedAt"]);
        Assert.Contains("FOO=bar pod=shell", await File.ReadAllTextAsync(cluster.Workloads.Pods.LogPath("default", "shell")));
    }

    [Fact]
    public async Task Run_PodCommandSet_ReplacesMappedCommandAndRunsInPodDirectory()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/false"] = new ImageCommand(["/bin/false"]) },
        });
        cluster.CreatePod("""
            {"metadata": {"name": "pwd"}, "spec": {"restartPolicy": "Never", "containers": [{
              "name": "main", "image": "local/false", "command": ["/bin/sh", "-c"], "args": ["pwd"]}]}}
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "pwd", pod => pod.Phase() is "Succeeded" or "Failed", "a final phase");

        Assert.Equal("Succeeded", pod.Phase());
        Assert.Equal("Completed", pod.ContainerState("terminated")!["reason"].Text());
        var log = await File.ReadAllTextAsync(cluster.Workloads.Pods.LogPath("default", "pwd"));
        Assert.Contains(Path.GetFullPath(cluster.Workloads.Pods.PodDirectory("default", "pwd")), log);
    }

    [Fact]
    public async Task Run_PodDeleted_ProcessStopped()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/sleeper"] = new ImageCommand(["/bin/sh", "-c", "echo $$ > pid; exec sleep 600"]) },
        });
        cluster.CreatePod("""{"metadata": {"name": "sleeper"}, "spec": {"containers": [{"name": "main", "image": "local/sleeper"}]}}""");
        var pidFile = Path.Combine(cluster.Workloads.Pods.PodDirectory("default", "sleeper"), "pid");
        await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "sleeper", pod => pod.Phase() == "Running", "Running");

        // The shell writes its pid after the pod turned Running, so no watch event announces the file.
        await Eventually.TrueAsync(() => File.Exists(pidFile) && new FileInfo(pidFile).Length > 0, "the pid file", TimeSpan.FromSeconds(20));
        var pid = (await File.ReadAllTextAsync(pidFile)).Trim();

        cluster.Store.Delete(PodResource, "default", "sleeper");

        using var deadline = new CancellationTokenSource(ClusterWait.DefaultTimeout);
        while (IsAlive(pid))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    [Fact]
    public async Task Run_ImageNotMapped_PendingWithErrImagePullThenImagePullBackOff()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        using var watch = cluster.Store.Watch(PodResource, "default", new WatchRequest());
        cluster.CreatePod("""{"metadata": {"name": "bad-image"}, "spec": {"containers": [{"name": "main", "image": "registry.invalid/nothing:1"}]}}""");

        var reasons = new List<string>();
        using var deadline = new CancellationTokenSource(ClusterWait.DefaultTimeout);
        JsonObject pod;
        do
        {
            pod = (await watch.Events.ReadAsync(deadline.Token)).Object;
            if (pod.ContainerState("waiting")?["reason"].Text() is { } reason && !reasons.Contains(reason))
            {
                reasons.Add(reason);
            }
        }
        while (!reasons.Contains("ImagePullBackOff"));

        Assert.Equal(["ContainerCreating", "ErrImagePull", "ImagePullBackOff"], reasons);
        Assert.Equal("Pending", pod.Phase());
        Assert.Contains("registry.invalid/nothing:1", pod.ContainerState("waiting")!["message"].Text());
    }

    [Theory]
    [InlineData("oom", "OOMKilled", null, null)]
    [InlineData("evict", "Error", "DisruptionTarget", "EvictionByEvictionAPI")]
    [InlineData("preempt", "Error", "DisruptionTarget", "PreemptionByScheduler")]
    public async Task Run_FateAnnotation_FailedLikeKubelet(string fate, string terminatedReason, string? conditionType, string? conditionReason)
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        cluster.CreatePod($$"""
            {"metadata": {"name": "fated", "annotations": {"{{PodExecution.FateAnnotation}}": "{{fate}}"} },
             "spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "not/mapped"}]} }
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "fated", pod => pod.Phase() == "Failed", "phase Failed");

        var terminated = pod.ContainerState("terminated")!;
        Assert.Equal("137", terminated["exitCode"].Text());
        Assert.Equal(terminatedReason, terminated["reason"].Text());
        if (conditionType is not null)
        {
            Assert.True(pod.HasCondition(conditionType));
            Assert.Equal(conditionReason, pod.Condition(conditionType)!["reason"].Text());
        }
        else
        {
            Assert.Null(pod.Condition("DisruptionTarget"));
        }
    }

    [Fact]
    public async Task Run_ScriptedImage_NthPodTakesNthFateAndLastRepeats()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/flaky"] = ["exit:1", "exit:0"] } });
        var phases = new List<string?>();
        foreach (var name in new[] { "first", "second", "third" })
        {
            cluster.CreatePod($$"""{"metadata": {"name": "{{name}}"}, "spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "test/flaky"}]} }""");
            var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", name, pod => pod.Phase() is "Succeeded" or "Failed", "a final phase");
            phases.Add(pod.Phase());
        }

        Assert.Equal(["Failed", "Succeeded", "Succeeded"], phases);
        Assert.Equal(3, cluster.Workloads.Scripts.Taken("test/flaky"));
    }

    [Fact]
    public async Task Run_RestartPolicyOnFailure_RestartsContainerInPlace()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        cluster.Workloads.Scripts.Script("test/retry", "exit:1", "exit:0");
        cluster.CreatePod("""{"metadata": {"name": "retry"}, "spec": {"restartPolicy": "OnFailure", "containers": [{"name": "main", "image": "test/retry"}]}}""");

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "retry", pod => pod.Phase() == "Succeeded", "phase Succeeded");

        var status = pod["status"]!["containerStatuses"]![0]!;
        Assert.Equal("1", status["restartCount"].Text());
        Assert.Equal("1", status["lastState"]!["terminated"]!["exitCode"].Text());
    }

    [Fact]
    public async Task Run_RunFate_RunningAndReadyUntilDeleted()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ImageScripts = new() { ["test/server"] = ["run"] } });
        cluster.CreatePod("""{"metadata": {"name": "server"}, "spec": {"containers": [{"name": "main", "image": "test/server"}]}}""");

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "server", pod => pod.Phase() == "Running", "phase Running");

        Assert.True(pod.HasCondition("Ready"));
        Assert.True(pod.HasCondition("PodScheduled"));
        Assert.NotNull(pod.ContainerState("running")!["startedAt"]);
        Assert.Equal("127.0.0.1", pod["status"]!["podIP"].Text());
    }

    private static bool IsAlive(string pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            // A zombie (state Z) has exited; it only waits to be reaped.
            return File.Exists(stat) && File.ReadAllText(stat).Split(") ")[^1][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
