using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

/// <summary>The kubelet's termination message for process pods: the file the container wrote, else (FallbackToLogsOnError) its log's tail.</summary>
public sealed class TerminationMessageTests
{
    private static readonly GroupVersionResource PodResource = GroupVersionResource.Pods;

    [Theory]
    [InlineData("File", "printf '{\"phase\":\"Completed\"}' > \"$MSG\"; exit 0", "{\"phase\":\"Completed\"}")]
    [InlineData("FallbackToLogsOnError", "printf 'summary' > \"$MSG\"; echo 'error: noise'; exit 1", "summary")]
    [InlineData("FallbackToLogsOnError", "echo 'loading' >&2; echo 'error: dataset line 3: bad label' >&2; exit 2", "loading\nerror: dataset line 3: bad label")]
    public async Task Run_ContainerEnds_TerminatedMessageAsAKubeletFillsIt(string policy, string script, string expected)
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/shell:1"] = new ImageCommand(["/bin/sh", "-c"]) },
        });
        var name = "msg-" + policy.ToLowerInvariant() + "-" + expected.Length;
        cluster.CreatePod($$$"""
            {"metadata": {"name": "{{{name}}}"}, "spec": {"restartPolicy": "Never", "containers": [{
              "name": "main", "image": "local/shell:1", "args": [{{{System.Text.Json.JsonSerializer.Serialize(script)}}}],
              "terminationMessagePolicy": "{{{policy}}}",
              "env": [{"name": "MSG", "value": "/dev/termination-log"}]}]}}
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", name, pod => pod.Phase() is "Succeeded" or "Failed", "a final phase");

        Assert.Equal(expected, pod.ContainerState("terminated")!["message"].Text());
    }

    [Fact]
    public async Task Run_MessageLargerThanFourKiB_CutAtFourKiB()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/shell:1"] = new ImageCommand(["/bin/sh", "-c"]) },
        });
        cluster.CreatePod("""
            {"metadata": {"name": "big"}, "spec": {"restartPolicy": "Never", "containers": [{
              "name": "main", "image": "local/shell:1", "args": ["head -c 10000 /dev/zero | tr '\\0' x > \"$MSG\""],
              "env": [{"name": "MSG", "value": "/dev/termination-log"}]}]}}
            """);

        var pod = await ClusterWait.ForAsync(cluster.Store, PodResource, "default", "big", pod => pod.Phase() is "Succeeded" or "Failed", "a final phase");

        Assert.Equal(TerminationMessageFile.MaxFileBytes, pod.ContainerState("terminated")!["message"].Text()!.Length);
    }
}
