using System.Text.Json.Nodes;
using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

/// <summary>The kubelet with the podman container runtime: pods run as real containers from the images scripts/images.sh builds.</summary>
public sealed class PodmanRuntimeTests
{
    private static readonly TimeSpan ContainerDeadline = TimeSpan.FromSeconds(60);

    // Any image with a shell: the trainer image has one (the operator image is chiseled: no shell).
    private static string ShellImage => ContainerImages.Trainer;

    [SkippableFact]
    public async Task Run_SecurityContextEnvAndVolumes_ContainerSeesThemAsThePodSpecSays()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ShellImage);
        Skip.If(reason is not null, reason);
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ContainerRuntime = ContainerRuntimeKind.Podman });
        cluster.Store.Create(GroupVersionResource.ConfigMaps, "default", JsonNode.Parse("""{"metadata": {"name": "cfg"}, "data": {"job.json": "{\"a\": 1}"}}""")!.AsObject());
        var claim = Directory.CreateDirectory(Path.Combine(cluster.PodsDirectory, "pvc", "data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(claim, "input.txt"), "from the claim");
        // Each line checks one thing the pod spec asks for; the container's answers go to its log.
        var script = string.Join("; ", [
            "echo uid=$(id -u) gid=$(id -g) groups=$(id -G)",
            "echo env=$GREETING pod=$POD",
            "echo config=$(cat /etc/kubetune/job.json)",
            "echo claim=$(cat /workspace/data/input.txt)",
            "echo written > /workspace/out/result.txt && echo out=ok",
            "echo scratch > /tmp/x && echo tmp=ok",
            "touch /root-write 2>/dev/null || echo root=read-only",
            "touch /etc/kubetune/x 2>/dev/null || echo config=read-only",
            "test -s /var/run/secrets/kubetune/token && echo token=present",
            "echo 'bad input: field spec.x' > /dev/termination-log",
            "exit 2",
        ]);
        cluster.CreatePod($$$$"""
            {"metadata": {"name": "checks"}, "spec": {"restartPolicy": "Never",
              "securityContext": {"runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 1000, "runAsNonRoot": true},
              "volumes": [
                {"name": "config", "configMap": {"name": "cfg"}},
                {"name": "tmp", "emptyDir": {}},
                {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
                {"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "audience": "test"}}]}}],
              "containers": [{"name": "main", "image": "{{{{ShellImage}}}}", "command": ["/bin/sh", "-c"], "args": ["{{{{script}}}}"],
                "env": [{"name": "GREETING", "value": "hello"}, {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                "securityContext": {"readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}},
                "volumeMounts": [
                  {"name": "config", "mountPath": "/etc/kubetune", "readOnly": true},
                  {"name": "tmp", "mountPath": "/tmp"},
                  {"name": "data", "mountPath": "/workspace/data", "subPath": ".", "readOnly": true},
                  {"name": "data", "mountPath": "/workspace/out", "subPath": "out"},
                  {"name": "token", "mountPath": "/var/run/secrets/kubetune", "readOnly": true}]}]}}
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, GroupVersionResource.Pods, "default", "checks", pod => pod.Phase() is "Succeeded" or "Failed", "a final phase", ContainerDeadline);

        var log = await File.ReadAllTextAsync(cluster.Workloads.Pods.LogPath("default", "checks"));
        var terminated = pod.ContainerState("terminated")!;
        Assert.True(pod.Phase() == "Failed", log);
        Assert.Equal("2", terminated["exitCode"].Text());
        Assert.Equal("Error", terminated["reason"].Text());
        Assert.Equal("bad input: field spec.x", terminated["message"].Text()?.Trim());
        foreach (var expected in new[] { "uid=1000 gid=1000", "env=hello pod=checks", "config={\"a\": 1}", "claim=from the claim", "out=ok", "tmp=ok", "root=read-only", "config=read-only", "token=present" })
        {
            Assert.True(log.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in the container's log:\n{log}");
        }

        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(claim, "out", "result.txt")));
    }

    [SkippableFact]
    public async Task Run_ImageNotBuilt_ErrImagePullNamingTheImage()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ShellImage);
        Skip.If(reason is not null, reason);
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ContainerRuntime = ContainerRuntimeKind.Podman });
        cluster.CreatePod("""
            {"metadata": {"name": "missing"}, "spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "localhost/kubetune-no-such-image:1"}]}}
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, GroupVersionResource.Pods, "default", "missing", pod => pod.ContainerState("waiting")?["reason"].Text() == "ImagePullBackOff", "ImagePullBackOff");

        Assert.Equal("Pending", pod.Phase());
        var log = await File.ReadAllTextAsync(cluster.Workloads.Pods.LogPath("default", "missing"));
        Assert.Contains("localhost/kubetune-no-such-image:1", log, StringComparison.Ordinal);
        Assert.Contains("scripts/images.sh", log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Run_PodDeleted_ContainerGetsSigtermAndIsRemoved()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ShellImage);
        Skip.If(reason is not null, reason);
        await using var cluster = await WorkloadCluster.StartAsync(options => options with { ContainerRuntime = ContainerRuntimeKind.Podman });
        cluster.CreatePod($$$"""
            {"metadata": {"name": "trap"}, "spec": {"restartPolicy": "Never", "terminationGracePeriodSeconds": 5, "containers": [{"name": "main", "image": "{{{ShellImage}}}",
              "command": ["/bin/sh", "-c", "trap 'echo got-sigterm; exit 0' TERM; echo ready; while true; do sleep 0.2; done"]}]}}
            """);
        var logPath = cluster.Workloads.Pods.LogPath("default", "trap");
        await Eventually.TrueAsync(() => File.Exists(logPath) && File.ReadAllText(logPath).Contains("ready", StringComparison.Ordinal), "the container to start", ContainerDeadline);
        var uid = ObjectMetadata.Uid(cluster.Store.TryGet(GroupVersionResource.Pods, "default", "trap")!);

        cluster.Store.Delete(GroupVersionResource.Pods, "default", "trap");

        await Eventually.TrueAsync(() => File.ReadAllText(logPath).Contains("got-sigterm", StringComparison.Ordinal), "the container to get SIGTERM", ContainerDeadline);
        var name = $"devcluster-default-trap-{uid[..8]}";
        await Eventually.TrueAsync(async () => (await ContainerImages.PodmanAsync("container", "exists", name)).ExitCode == 1, $"container {name} to be removed", ContainerDeadline);
    }
}
