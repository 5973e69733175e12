using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace KubeTune.Bench.Operator;

/// <summary>
/// The operator at scale: dev cluster (no pods) and operator as separate Release processes, N FineTuneJobs created by
/// 4 parallel clients, every Job awaited; prints one JSON line (<see cref="BenchResult"/>). Usage: N REPO_ROOT WORK_DIR.
/// </summary>
public static class Program
{
    private const int Clients = 4;
    private const string Token = "kubetune-dev-token";
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(3);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[0], out var count) || count < 1)
        {
            await Console.Error.WriteLineAsync("usage: KubeTune.Bench.Operator N REPO_ROOT WORK_DIR (N: how many FineTuneJobs, at least 1)");
            return 2;
        }

        var repo = Path.GetFullPath(args[1]);
        var work = Directory.CreateDirectory(args[2]).FullName;
        var deadline = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_DEADLINE_SECONDS") ?? "900", System.Globalization.CultureInfo.InvariantCulture));
        var rate = double.Parse(Environment.GetEnvironmentVariable("BENCH_CREATES_PER_SECOND") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        if (rate < 0)
        {
            await Console.Error.WriteLineAsync($"BENCH_CREATES_PER_SECOND must be 0 (as fast as the clients go) or more, was {rate}");
            return 2;
        }

        var result = await RunAsync(count, repo, work, deadline, rate);
        Console.WriteLine(JsonSerializer.Serialize(result, Json));
        return result.JobsSeen == count ? 0 : 1;
    }

    private static async Task<BenchResult> RunAsync(int count, string repo, string work, TimeSpan deadline, double rate)
    {
        var kubeconfig = Path.Combine(work, "kubeconfig");
        await using var cluster = ManagedProcess.Start(Binary(repo, "DevCluster"), ["--kubeconfig", kubeconfig], new Dictionary<string, string>(), Path.Combine(work, "devcluster.log"));
        var listening = await cluster.WaitForLineAsync(line => line.StartsWith("Wrote kubeconfig", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var server = new Uri(File.ReadAllLines(kubeconfig).First(line => line.TrimStart().StartsWith("server:", StringComparison.Ordinal)).Split("server:")[1].Trim());
        Log($"dev cluster at {server} ({listening})");
        await RunKubectlAsync(kubeconfig, "apply", "-f", Path.Combine(repo, "config", "crds", "kubetune.io_finetunejobs.yaml"));

        using var api = new ClusterClient(server, Token);
        var metricsPort = FreePort();
        using var probe = new OperatorProbe(metricsPort);
        var imageSettings = ImageEnvironment.DotnetSettings(Path.Combine(repo, "Dockerfile"));
        Log($"operator runtime settings from the image: {string.Join(' ', imageSettings.Select(setting => $"{setting.Key}={setting.Value}"))}");
        var operatorProcess = StartOperator(repo, work, kubeconfig, metricsPort, imageSettings, "operator.log");
        try
        {
            await WaitAsync(() => probe.ReadyAsync(CancellationToken.None), TimeSpan.FromSeconds(60), "the operator to be ready");
            var startRv = await api.ResourceVersionAsync(CancellationToken.None);
            var operatorBefore = operatorProcess.Stats();
            var clusterBefore = cluster.Stats();

            var jobSeen = new Dictionary<string, double>(StringComparer.Ordinal);
            var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = Stopwatch.StartNew();
            using var stopWatching = new CancellationTokenSource();
            var watching = api.WatchJobsAsync(startRv, name =>
            {
                lock (jobSeen)
                {
                    jobSeen.TryAdd(name, clock.Elapsed.TotalSeconds);
                    if (jobSeen.Count == count)
                    {
                        allSeen.TrySetResult();
                    }
                }
            }, stopWatching.Token);

            var created = await CreateAsync(api, count, clock, rate);
            var createSeconds = created.Values.Max();
            Log($"created {count} FineTuneJobs in {createSeconds:0.0} s");
            await Task.WhenAny(allSeen.Task, Task.Delay(deadline));
            var lastJob = clock.Elapsed.TotalSeconds;
            double[] latencies;
            lock (jobSeen)
            {
                lastJob = jobSeen.Count == 0 ? lastJob : jobSeen.Values.Max();
                latencies = [.. jobSeen.Select(seen => seen.Value - created.GetValueOrDefault(seen.Key)).Order()];
            }

            Log($"{latencies.Length} Jobs; the last after {lastJob:0.0} s");
            await SettleAsync(api);
            await HoldAsync(operatorProcess);
            var operatorAfter = operatorProcess.Stats();
            var clusterAfter = cluster.Stats();
            var settledRv = await api.ResourceVersionAsync(CancellationToken.None);
            var writesPerJob = (settledRv - startRv - count) / (double)count;

            await Task.Delay(IdleWindow);
            var idleWrites = await api.ResourceVersionAsync(CancellationToken.None) - settledRv;
            Log($"{writesPerJob:0.00} writes per job, {idleWrites} writes in {IdleWindow.TotalSeconds:0} idle seconds; restarting the operator");

            await operatorProcess.DisposeAsync();
            var beforeRestart = await api.ResourceVersionAsync(CancellationToken.None);
            var restartClock = Stopwatch.StartNew();
            operatorProcess = StartOperator(repo, work, kubeconfig, metricsPort, imageSettings, "operator-restart.log");
            await WaitAsync(() => probe.ReadyAsync(CancellationToken.None), deadline, "the restarted operator's caches to sync");
            var synced = restartClock.Elapsed.TotalSeconds;
            await WaitAsync(async () => await probe.ProgressAsync(CancellationToken.None) is { Reconciles: var done, QueueDepth: 0 } && done >= count,
                deadline, "the restarted operator to reconcile every FineTuneJob");
            var reconciled = restartClock.Elapsed.TotalSeconds;
            await Task.Delay(Settled);
            var restartWrites = await api.ResourceVersionAsync(CancellationToken.None) - beforeRestart;
            await stopWatching.CancelAsync();
            await watching.ContinueWith(_ => { }, TaskScheduler.Default);

            return new BenchResult(
                Environment.GetEnvironmentVariable("BENCH_RUNTIME") ?? "native", count, latencies.Length, Round(lastJob), Round(latencies.Length / lastJob), Round(createSeconds),
                Round(Percentile(latencies, 0.50)), Round(Percentile(latencies, 0.99)),
                Round(operatorBefore.RssMb), Round(operatorAfter.RssMb), Round(operatorAfter.PeakRssMb), Round(operatorAfter.CpuSeconds), Round((operatorAfter.CpuSeconds - operatorBefore.CpuSeconds) * 1000 / count),
                Round(clusterAfter.RssMb), Round(clusterAfter.PeakRssMb), Round(clusterAfter.CpuSeconds - clusterBefore.CpuSeconds),
                Round(writesPerJob), idleWrites, Round(synced), Round(reconciled), restartWrites, File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        }
        finally
        {
            await operatorProcess.DisposeAsync();
        }
    }

    // Each client creates its share one after another, like 4 kubectl processes (at most `rate` creates a second in all
    // when rate > 0); returns when each create was sent.
    private static async Task<Dictionary<string, double>> CreateAsync(ClusterClient api, int count, Stopwatch clock, double rate)
    {
        var sent = new Dictionary<string, double>(StringComparer.Ordinal);
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; i < count; i += Clients)
            {
                var name = $"bench-{i:D6}";
                if (rate > 0 && TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                lock (sent)
                {
                    sent[name] = clock.Elapsed.TotalSeconds;
                }

                await api.CreateFineTuneJobAsync(name, CancellationToken.None);
            }
        }));
        await Task.WhenAll(clients);
        return sent;
    }

    // BENCH_HOLD=1 keeps the settled operator running until a line on stdin, to attach dotnet-gcdump or dotnet-counters to it.
    private static async Task HoldAsync(ManagedProcess operatorProcess)
    {
        if (Environment.GetEnvironmentVariable("BENCH_HOLD") == "1")
        {
            Log($"holding: the operator is process {operatorProcess.Id}; press Enter to go on");
            await Console.In.ReadLineAsync();
        }
    }

    // The operator has caught up when the store's resourceVersion stops moving.
    private static async Task SettleAsync(ClusterClient api)
    {
        var last = await api.ResourceVersionAsync(CancellationToken.None);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < Settled)
        {
            await Task.Delay(250);
            var now = await api.ResourceVersionAsync(CancellationToken.None);
            if (now != last)
            {
                last = now;
                still.Restart();
            }
        }
    }

    private static ManagedProcess StartOperator(string repo, string work, string kubeconfig, int metricsPort, IReadOnlyDictionary<string, string> imageSettings, string log)
    {
        // One replica: no Lease renewals (they are writes), no progress listener, a free metrics port.
        var environment = new Dictionary<string, string>(imageSettings, StringComparer.Ordinal);
        environment["KUBETUNE_LEADERELECTION__ENABLED"] = "false";
        environment["KUBETUNE_METRICSPORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["KUBETUNE_PROGRESSPORT"] = "0";
        environment["KUBETUNE_LOGFORMAT"] = "simple";
        return ManagedProcess.Start(OperatorBinary(repo), ["--kubeconfig", kubeconfig], environment, Path.Combine(work, log));
    }

    private static string Binary(string repo, string project) => Path.Combine(repo, "artifacts", "bin", project, "release", $"KubeTune.{project}");

    // BENCH_RUNTIME=native (run.sh's default): the operator as the image runs it, published native AOT to the SDK's artifacts path.
    private static string OperatorBinary(string repo) => Environment.GetEnvironmentVariable("BENCH_RUNTIME") == "jit"
        ? Binary(repo, "Operator")
        : Path.Combine(repo, "artifacts", "publish", "Operator", "release_linux-x64", "KubeTune.Operator");

    private static async Task RunKubectlAsync(string kubeconfig, params string[] arguments)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var kubectl = Process.Start(info) ?? throw new InvalidOperationException("could not start kubectl");
        var errors = await kubectl.StandardError.ReadToEndAsync();
        await kubectl.WaitForExitAsync();
        if (kubectl.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed: {errors}");
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"gave up waiting for {what} after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static double Round(double value) => Math.Round(value, 2);

    private static void Log(string message) => Console.Error.WriteLine($"bench: {message}");
}
