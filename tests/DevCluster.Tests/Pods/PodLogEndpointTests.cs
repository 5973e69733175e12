using k8s;
using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class PodLogEndpointTests
{
    [Fact]
    public async Task ReadLog_ProcessWroteLines_ClientReadsThemAndTail()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/shell"] = new ImageCommand(["/bin/sh", "-c"]) },
        });
        cluster.CreatePod("""
            {"metadata": {"name": "talker"}, "spec": {"restartPolicy": "Never", "containers": [{
              "name": "main", "image": "local/shell", "args": ["echo one; echo two >&2; echo three"]}]}}
            """);
        await ClusterWait.ForAsync(cluster.Store, GroupVersionResource.Pods, "default", "talker", pod => pod.Phase() == "Succeeded", "phase Succeeded");
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);

        using var all = new StreamReader(await client.CoreV1.ReadNamespacedPodLogAsync("talker", "default"));
        using var tail = new StreamReader(await client.CoreV1.ReadNamespacedPodLogAsync("talker", "default", tailLines: 1));

        var lines = (await all.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // stdout and stderr share the log; only the order within each stream is fixed.
        Assert.Equal(["one", "three", "two"], lines.Take(3).Order(StringComparer.Ordinal));
        Assert.True(Array.IndexOf(lines, "one") < Array.IndexOf(lines, "three"));
        Assert.Equal("devcluster: container main terminated: exit code 0 (Completed)\n", await tail.ReadToEndAsync());
    }

    [Fact]
    public async Task ReadLog_PodMissing_NotFound()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        using var client = new Kubernetes(cluster.Host.ClientConfiguration);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ReadNamespacedPodLogAsync("nobody", "default"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
    }
}
