using System.Collections.Concurrent;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Http;
using KubeTune.DevCluster.Pods;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace KubeTune.E2E.Tests.Support;

/// <summary>
/// The in-process dev cluster with its Job controller and pod runner; the trainer image runs the local trainer build
/// (bin/TrainerImage beside this test's bin folder) and the operator runs in-process with the Deployment's settings.
/// </summary>
internal sealed class DevClusterE2E : IE2ECluster
{
    private const string OperatorToken = "kubetune-operator-e2e";

    private readonly ConcurrentQueue<ApiRequest> operatorRequests = new();
    private readonly string directory = Directory.CreateTempSubdirectory("kubetune-e2e-").FullName;
    private DevClusterHost? cluster;
    private WebApplication? operatorApp;
    private int metricsPort;

    public string Name => "dev cluster";

    public string KubeconfigPath => Path.Combine(directory, "kubeconfig");

    public string ClaimsDirectory => Path.Combine(directory, "claims");

    public IReadOnlyList<ApiRequest>? OperatorRequests => [.. operatorRequests];

    /// <summary>The trainer build the image maps to; the E2E project builds it first.</summary>
    public static string TrainerAssembly =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "TrainerImage", Path.GetFileName(AppContext.BaseDirectory.TrimEnd('/')), "KubeTune.Trainer.dll"));

    public async Task StartAsync(string trainerImage)
    {
        Assert.True(File.Exists(TrainerAssembly), $"the trainer build {TrainerAssembly} is missing; build tests/E2E/E2E.csproj (it builds src/TrainerImage)");
        cluster = await DevClusterHost.StartAsync(new DevClusterOptions
        {
            RunJobs = true,
            OnRequest = request =>
            {
                if (request.BearerToken == OperatorToken)
                {
                    operatorRequests.Enqueue(request);
                }
            },
            Workloads = new()
            {
                ImageCommands = new(StringComparer.Ordinal) { [trainerImage] = new ImageCommand(["dotnet", TrainerAssembly, "train"]) },
                HostVolumes = true,
                ClaimsDirectory = ClaimsDirectory,
                PodsDirectory = Path.Combine(directory, "pods"),
            },
        });
        cluster.WriteKubeconfig(KubeconfigPath);
    }

    public async Task StartOperatorAsync(IReadOnlyDictionary<string, string?> deploymentEnvironment)
    {
        var operatorKubeconfig = Path.Combine(directory, "operator.kubeconfig");
        KubeconfigWriter.Write(operatorKubeconfig, cluster!.BaseAddress, OperatorToken);
        metricsPort = FreePort.Next();
        var progressPort = FreePort.Next();

        // The Deployment's KUBETUNE_* variables, as configuration keys; only addresses differ on a laptop.
        var args = deploymentEnvironment
            .Where(variable => variable.Key.StartsWith(OperatorHost.EnvironmentPrefix, StringComparison.Ordinal))
            .SelectMany(variable => new[] { "--" + variable.Key[OperatorHost.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), variable.Value ?? "" })
            .Concat([
                "--kubeconfig", operatorKubeconfig, "--MetricsPort", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--ProgressPort", progressPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--ProgressBaseUrl", $"http://127.0.0.1:{progressPort}", "--LeaderElection:LeaseNamespace", "kubetune-system",
                "--LeaderElection:Identity", "kubetune-operator-e2e", "--LogFormat", "simple",
            ])
            .ToArray();
        operatorApp = await OperatorHost.BuildAsync(args, builder => builder.Services.AddFineTuneJobController());
        await operatorApp.StartAsync();
    }

    public Task StageClaimAsync(string claim, string localFolder)
    {
        CopyDirectory(localFolder, Path.Combine(ClaimsDirectory, claim));
        return Task.CompletedTask;
    }

    public async Task<string> ScrapeMetricsAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
    }

    public Task<string> DiagnosticsAsync()
    {
        var logs = Directory.Exists(Path.Combine(directory, "pods"))
            ? Directory.EnumerateFiles(Path.Combine(directory, "pods"), "container.log", SearchOption.AllDirectories)
                .Select(path => $"--- {Path.GetRelativePath(directory, path)}\n{Tail(File.ReadAllText(path))}")
            : [];
        return Task.FromResult(string.Join('\n', logs));
    }

    public async ValueTask DisposeAsync()
    {
        if (operatorApp is not null)
        {
            await operatorApp.StopAsync();
            await operatorApp.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
