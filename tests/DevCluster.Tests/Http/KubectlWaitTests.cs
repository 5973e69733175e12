using System.Diagnostics;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Http;

/// <summary>kubectl wait reads a list then a watch: the watch must answer its headers at once, before any event.</summary>
public sealed class KubectlWaitTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task WaitForJsonPath_AlreadyTrue_ReturnsAtOnce()
    {
        var name = Names.Unique("done");
        (await _kubectl.RunAsync("create", "configmap", name, "--from-literal=phase=Succeeded")).ShouldSucceed();
        var clock = Stopwatch.StartNew();

        var result = (await _kubectl.RunAsync("wait", $"configmap/{name}", "--for=jsonpath={.data.phase}=Succeeded", "--timeout=30s")).ShouldSucceed();

        Assert.Contains("condition met", result.Stdout, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"kubectl wait took {clock.Elapsed.TotalSeconds:0.0}s on a condition already true");
    }

    [Fact]
    public async Task WaitForJsonPath_NeverTrue_TimesOutAfterTimeout()
    {
        var name = Names.Unique("running");
        (await _kubectl.RunAsync("create", "configmap", name, "--from-literal=phase=Running")).ShouldSucceed();
        var clock = Stopwatch.StartNew();

        var result = await _kubectl.RunAsync("wait", $"configmap/{name}", "--for=jsonpath={.data.phase}=Succeeded", "--timeout=2s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("timed out waiting for the condition", result.Stderr, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task WaitForJsonPath_PatchedWhileKubectlWaits_ConditionMet()
    {
        var name = Names.Unique("later");
        (await _kubectl.RunAsync("create", "configmap", name, "--from-literal=phase=Running")).ShouldSucceed();
        var wait = _kubectl.RunAsync("wait", $"configmap/{name}", "--for=jsonpath={.data.phase}=Succeeded", "--timeout=30s");

        (await _kubectl.RunAsync("patch", "configmap", name, "--type=merge", "-p", "{\"data\":{\"phase\":\"Succeeded\"}}")).ShouldSucceed();

        Assert.Contains("condition met", (await wait).ShouldSucceed().Stdout, StringComparison.Ordinal);
    }
}
