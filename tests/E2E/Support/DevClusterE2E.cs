using System.Collections.Concurrent;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Http;
using KubeTune.DevCluster.Pods;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace KubeTune.E2E.Tests.Support;

/// <summary>
/// The in-process dev cluster with its Job controller and pod runner. With the process runtime the trainer image runs
/// the local trainer build (bin/TrainerImage beside this test's bin folder); with podman, pods are real containers of
/// the images scripts/images.sh built. The operator runs in-process with the Deployment's settings, or as its image.
/// </summary>
internal sealed class DevClusterE2E(ContainerRuntimeKind runtime = ContainerRuntimeKind.Processes, bool operatorInContainer = false) : IE2ECluster
{
    private const string OperatorToken = "kubetune-operator-e2e";

    private readonly ConcurrentQueue<ApiRequest> operatorRequests = new();
    private readonly string directory = Directory.CreateTempSubdirectory("kubetune-e2e-").FullName;
    private DevClusterHost? cluster;
    private WebApplication? operatorApp;
    private OperatorContainer? operatorContainer;
    private int metricsPort;

    public string Name => runtime == ContainerRuntimeKind.Podman
        ? $"dev cluster (podman pods, operator {(operatorInContainer ? "image" : "in-process")})"
        : "dev cluster";

    public string KubeconfigPath => Path.Combine(directory, "kubeconfig");

    public string ClaimsDirectory => Path.Combine(directory, "claims");

    public IReadOnlyList<ApiRequest>? OperatorRequests => [.. operatorRequests];

    /// <summary>The trainer build the image maps to; the E2E project builds it first.</summary>
    public static string TrainerAssembly =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "TrainerImage", Path.GetFileName(AppContext.BaseDirectory.TrimEnd('/')), "KubeTune.Trainer.dll"));

    /// <summary>The image trainer pods run: the deployment's for mapped processes, the built image for containers.</summary>
    public string TrainerImage(string deploymentImage) => runtime == ContainerRuntimeKind.Podman ? ContainerImages.Trainer : deploymentImage;

    public async Task StartAsync(string deploymentTrainerImage)
    {
        var trainerImage = TrainerImage(deploymentTrainerImage);
        Assert.True(runtime == ContainerRuntimeKind.Podman || File.Exists(TrainerAssembly), $"the trainer build {TrainerAssembly} is missing; build tests/E2E/E2E.csproj (it builds src/TrainerImage)");
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
                HostVolumes = runtime == ContainerRuntimeKind.Processes,
                ContainerRuntime = runtime,
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
        var environment = deploymentEnvironment.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        environment["KUBETUNE_TRAINERIMAGE"] = TrainerImage(environment["KUBETUNE_TRAINERIMAGE"] ?? "");
        if (operatorInContainer)
        {
            await StartOperatorContainerAsync(environment, operatorKubeconfig, progressPort);
            return;
        }

        // The Deployment's KUBETUNE_* variables, as configuration keys; only addresses differ on a laptop.
        var args = environment
            .Where(variable => variable.Key.StartsWith(OperatorHost.EnvironmentPrefix, StringComparison.Ordinal))
            .SelectMany(variable => new[] { "--" + variable.Key[OperatorHost.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), variable.Value ?? "" })
            .Concat([
                "--kubeconfig", operatorKubeconfig, "--MetricsPort", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--ProgressPort", progressPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--ProgressBaseUrl", $"http://127.0.0.1:{progressPort}", "--Progress:TlsMode", "Disabled", "--LeaderElection:LeaseNamespace", "kubetune-system",
                "--LeaderElection:Identity", "kubetune-operator-e2e", "--LogFormat", "simple",
            ])
            .ToArray();
        operatorApp = await OperatorHost.BuildAsync(args, builder => builder.Services.AddFineTuneJobController());
        await operatorApp.StartAsync();
    }

    /// <summary>The operator's /healthz answer: status code and body.</summary>
    public async Task<(int Status, string Body)> HealthzAsync()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/healthz"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
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

    public async Task<string> DiagnosticsAsync()
    {
        var logs = Directory.Exists(Path.Combine(directory, "pods"))
            ? Directory.EnumerateFiles(Path.Combine(directory, "pods"), "container.log", SearchOption.AllDirectories)
                .Select(path => $"--- {Path.GetRelativePath(directory, path)}\n{Tail(File.ReadAllText(path))}")
            : [];
        var operatorLog = operatorContainer is null ? "" : $"\n--- operator container ({await operatorContainer.StateAsync()})\n{Tail(await operatorContainer.LogsAsync())}";
        return string.Join('\n', logs) + operatorLog;
    }

    public async ValueTask DisposeAsync()
    {
        if (operatorContainer is not null)
        {
            await operatorContainer.DisposeAsync();
        }

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

    // The Deployment's environment as it is, with the addresses of this machine and the kubeconfig the container mounts.
    private async Task StartOperatorContainerAsync(Dictionary<string, string?> environment, string kubeconfig, int progressPort)
    {
        environment["KUBETUNE_METRICSPORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["KUBETUNE_PROGRESSPORT"] = progressPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["KUBETUNE_PROGRESSBASEURL"] = $"http://127.0.0.1:{progressPort}";
        environment["KUBETUNE_PROGRESS__TLSMODE"] = "Disabled";
        environment["KUBETUNE_LEADERELECTION__LEASENAMESPACE"] = "kubetune-system";
        environment["KUBETUNE_LEADERELECTION__IDENTITY"] = "kubetune-operator-e2e";
        environment["POD_NAME"] = "kubetune-operator-e2e";
        environment["POD_NAMESPACE"] = "kubetune-system";
        operatorContainer = await OperatorContainer.StartAsync(ContainerImages.Operator, environment.ToDictionary(pair => pair.Key, pair => pair.Value ?? "", StringComparer.Ordinal), kubeconfig);
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
