using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Pods;

/// <summary>kubectl logs against the dev cluster's kubelet, with the real kubectl: follow, previous, timestamps, since.</summary>
public sealed class KubectlLogsTests(ShellClusterFixture cluster) : IClassFixture<ShellClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task LogsFollow_RunningPod_StreamsNewLinesAndExitsWhenTheContainerEnds()
    {
        // The pod prints, then waits for a file the test creates, then prints again and exits.
        var name = Names.Unique("follow");
        CreatePod(name, "echo started; while [ ! -e release ]; do sleep 0.05; done; echo finished", "Never");
        await ClusterWait.ForAsync(cluster.Host.Store, GroupVersionResource.Pods, "default", name, pod => pod.Phase() == "Running", "phase Running");

        using var logs = _kubectl.Start("logs", "-f", name);
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await logs.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        await Eventually.TrueAsync(() => Snapshot(lines).Contains("started"), "kubectl logs -f printing the first line while the pod runs");
        Assert.False(logs.HasExited, "kubectl logs -f exited while the pod was still running");

        await File.WriteAllTextAsync(Path.Combine(cluster.Host.Workloads!.Pods.PodDirectory("default", name), "release"), "");

        await Eventually.TrueAsync(() => logs.HasExited, "kubectl logs -f ending with the container");
        await reader;
        Assert.Equal(0, logs.ExitCode);
        var printed = Snapshot(lines);
        Assert.Equal(["started", "finished"], printed.Take(2));
        Assert.StartsWith("devcluster: container main terminated: exit code 0", printed[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsPrevious_RestartedContainer_ShowsTheRunBeforeTheCurrentOne()
    {
        var name = Names.Unique("prev");
        CreatePod(name, "if [ -e ran ]; then echo second run; sleep 30; else touch ran; echo first run; exit 1; fi", "OnFailure");
        await Eventually.TrueAsync(async () => (await _kubectl.RunAsync("logs", name)).Stdout.Contains("second run", StringComparison.Ordinal), "the restarted container logging");

        var previous = (await _kubectl.RunAsync("logs", name, "--previous")).ShouldSucceed();
        var current = (await _kubectl.RunAsync("logs", name)).ShouldSucceed();

        Assert.Equal("first run\ndevcluster: container main terminated: exit code 1 (Error)\n", previous.Stdout);
        Assert.Equal("second run\n", current.Stdout);
        cluster.Host.Store.Delete(GroupVersionResource.Pods, "default", name);
    }

    [Fact]
    public async Task LogsPrevious_NoRestart_BadRequestNamingTheContainer()
    {
        var name = Names.Unique("noprev");
        CreatePod(name, "echo only", "Never");
        await ClusterWait.ForAsync(cluster.Host.Store, GroupVersionResource.Pods, "default", name, pod => pod.Phase() == "Succeeded", "phase Succeeded");

        var result = await _kubectl.RunAsync("logs", name, "--previous");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"previous terminated container \"main\" in pod \"{name}\" not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsTimestampsAndSince_FinishedPod_PrefixesTimesAndFiltersOldLines()
    {
        var name = Names.Unique("times");
        CreatePod(name, "echo alpha; echo beta", "Never");
        await ClusterWait.ForAsync(cluster.Host.Store, GroupVersionResource.Pods, "default", name, pod => pod.Phase() == "Succeeded", "phase Succeeded");

        var stamped = (await _kubectl.RunAsync("logs", name, "--timestamps")).ShouldSucceed();
        var recent = (await _kubectl.RunAsync("logs", name, "--since=1h")).ShouldSucceed();
        var future = (await _kubectl.RunAsync("logs", name, $"--since-time={DateTimeOffset.UtcNow.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}")).ShouldSucceed();

        var first = stamped.Stdout.Split('\n')[0];
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z alpha$", first);
        var time = DateTimeOffset.Parse(first.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.StartsWith("alpha\nbeta\n", recent.Stdout, StringComparison.Ordinal);
        Assert.Equal("", future.Stdout);
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private void CreatePod(string name, string script, string restartPolicy) =>
        cluster.Host.Store.Create(GroupVersionResource.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = restartPolicy,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = ShellClusterFixture.ShellImage, ["args"] = new JsonArray(script) }),
            },
        });
}
