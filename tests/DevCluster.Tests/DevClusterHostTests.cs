using System.Diagnostics;
using k8s;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests;

public sealed class DevClusterHostTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public void BaseAddress_IsLoopbackWithPort()
    {
        Assert.Equal("127.0.0.1", cluster.Host.BaseAddress.Host);
        Assert.True(cluster.Host.BaseAddress.Port > 0);
    }

    [Fact]
    public async Task WriteKubeconfig_LoadsInKubernetesClientAndReachesTheCluster()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath);
        using var client = new Kubernetes(config);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Equal(cluster.Host.BaseAddress.ToString().TrimEnd('/'), config.Host.TrimEnd('/'));
        Assert.Contains(namespaces.Items, ns => ns.Metadata.Name == "default");
    }

    [Fact]
    public async Task Main_WithKubeconfig_PrintsListeningFirstAndServesKubectl()
    {
        var kubeconfig = Path.Combine(cluster.Directory, "cli-kubeconfig");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(DevClusterHost).Assembly.Location);
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
            await Eventually.TrueAsync(() => File.Exists(kubeconfig) && File.ReadAllText(kubeconfig).Contains("current-context", StringComparison.Ordinal), "the kubeconfig file");
            var kubectl = new Kubectl(cluster);

            var result = await kubectl.RunAsync("--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name");

            Assert.Matches(@"^Listening on http://127\.0\.0\.1:\d+$", first);
            Assert.Contains("namespace/kube-system", result.ShouldSucceed().Stdout, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Main_WithoutKubeconfig_ExitsWithUsage()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(DevClusterHost).Assembly.Location);
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--kubeconfig", stderr, StringComparison.Ordinal);
    }
}
