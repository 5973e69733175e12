using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests;

/// <summary>The DevCluster command as a real process: it must stop gracefully and promptly on SIGTERM and Ctrl-C.</summary>
public sealed partial class ProgramTests : IDisposable
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(8);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kubetune-devcluster-tests", Guid.NewGuid().ToString("N"));

    public ProgramTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    [Fact]
    public async Task Main_Sigterm_EndsWatchesStopsPodsAndExitsPromptly()
    {
        var marker = Path.Combine(_directory, "pod-got-sigterm");
        var images = Path.Combine(_directory, "images.yaml");
        var script = $"trap 'echo term > {marker}; exit 0' TERM; while true; do sleep 0.1; done";
        await File.WriteAllTextAsync(images, $"local/trap:\n  command: [/bin/sh, -c, \"{script}\"]\n");
        using var cluster = await StartAsync("--images", images);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubeconfig));
        await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new() { Name = "trap" }, Spec = new() { Containers = [new() { Name = "main", Image = "local/trap" }] } }, "default");
        await Eventually.TrueAsync(async () => (await client.CoreV1.ReadNamespacedPodAsync("trap", "default")).Status?.Phase == "Running", "the pod to run");
        using var http = new HttpClient { BaseAddress = cluster.BaseAddress };
        using var watch = await http.GetAsync("api/v1/namespaces/default/pods?watch=true", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync());
        Assert.Contains("\"ADDED\"", await events.ReadLineAsync(), StringComparison.Ordinal);

        var elapsed = await cluster.SignalAndWaitAsync("TERM");

        Assert.True(elapsed < ExitDeadline, $"exited after {elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, cluster.Process.ExitCode);
        Assert.Equal("term", (await File.ReadAllTextAsync(marker)).Trim());
        using var drain = new CancellationTokenSource(ExitDeadline);
        while (await events.ReadLineAsync(drain.Token) is not null)
        {
            // Events written while stopping (the pod's last status); the stream must then end cleanly.
        }
    }

    [Fact]
    public async Task Main_CtrlC_ExitsPromptly()
    {
        using var cluster = await StartAsync();

        var elapsed = await cluster.SignalAndWaitAsync("INT");

        Assert.True(elapsed < ExitDeadline, $"exited after {elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, cluster.Process.ExitCode);
    }

    [Fact]
    public async Task Main_UnknownContainerRuntime_ExitsTwoNamingTheChoices()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(DevClusterHost).Assembly.Location, "--kubeconfig", Path.Combine(_directory, "kc"), "--container-runtime", "docker" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("\"--container-runtime\" (--container-runtime takes processes or podman)", stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Main_PodmanRuntimeAndWorkDir_PodRunsAsContainerWritingItsClaimUnderWorkDir()
    {
        // The trainer image has a shell; the operator image is chiseled and has none.
        var reason = await ContainerImages.ReasonToSkipAsync(ContainerImages.Trainer);
        Skip.If(reason is not null, reason);
        var work = Path.Combine(_directory, "work");
        using var cluster = await StartAsync("--container-runtime", "podman", "--work-dir", work);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubeconfig));
        await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new() { Name = "writer" },
                Spec = new()
                {
                    RestartPolicy = "Never",
                    SecurityContext = new() { RunAsUser = 1000, RunAsGroup = 1000 },
                    Volumes = [new() { Name = "data", PersistentVolumeClaim = new() { ClaimName = "results" } }],
                    Containers = [new() { Name = "main", Image = ContainerImages.Trainer, Command = ["/bin/sh", "-c", "id -u > /data/uid"], VolumeMounts = [new() { Name = "data", MountPath = "/data" }] }],
                },
            },
            "default");

        await Eventually.TrueAsync(async () => (await client.CoreV1.ReadNamespacedPodAsync("writer", "default")).Status?.Phase is "Succeeded" or "Failed", "the pod to finish", TimeSpan.FromSeconds(60));

        Assert.Equal("Succeeded", (await client.CoreV1.ReadNamespacedPodAsync("writer", "default")).Status.Phase);
        Assert.Equal("1000", (await File.ReadAllTextAsync(Path.Combine(work, "pvc", "results", "uid"))).Trim());
        Assert.True(File.Exists(Path.Combine(work, "pods", "default", "writer", "container.log")));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_PrintsUsageAndExitsZeroStartingNothing(string flag)
    {
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Program.RunAsync(["--kubeconfig", kubeconfig, flag], output, error, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.StartsWith(Program.Usage, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Listening", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(kubeconfig), "help wrote a kubeconfig, so it started a cluster");
    }

    [Fact]
    public async Task RunAsync_PortTaken_ExitsTwoNamingThePortAndTheOption()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Program.RunAsync(["--kubeconfig", Path.Combine(_directory, "kubeconfig"), "--port", port.ToString(CultureInfo.InvariantCulture)], output, error, CancellationToken.None);

        Assert.Equal(Program.ExitInvalidInput, code);
        Assert.Equal($"error: port {port} is in use by another program; choose another with --port N (0 picks a free one)\n", error.ToString());
    }

    private async Task<RunningCluster> StartAsync(params string[] extra)
    {
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        // A test host started in the background inherits ignored SIGINT, which its children keep: reset it, as a terminal would.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(typeof(DevClusterHost).Assembly.Location);
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in extra)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? "";
        var match = ListeningLine().Match(first);
        Assert.True(match.Success, $"first line: {first}");
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => File.Exists(kubeconfig) && File.ReadAllText(kubeconfig).Contains("current-context", StringComparison.Ordinal), "the kubeconfig file");
        return new RunningCluster(process, new Uri(match.Groups["address"].Value + "/"), kubeconfig);
    }

    [GeneratedRegex(@"^Listening on (?<address>http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningLine();

    private sealed record RunningCluster(Process Process, Uri BaseAddress, string Kubeconfig) : IDisposable
    {
        /// <summary>Sends the signal like <c>kill -SIGNAL pid</c> and returns how long the process took to exit.</summary>
        public async Task<TimeSpan> SignalAndWaitAsync(string signal)
        {
            var clock = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-" + signal, Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(ExitDeadline * 2);
            try
            {
                await Process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"DevCluster still running {clock.Elapsed.TotalSeconds:0.0} s after SIG{signal}");
            }

            return clock.Elapsed;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }
    }
}
