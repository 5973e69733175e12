using KubeTune.Operator.Api;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using KubeTune.Contracts;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Pods;
using KubeTune.Operator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KubeTune.Local;

/// <summary>
/// Everything a local run starts: the dev cluster running Jobs (trainer images mapped to the local trainer, volumes
/// as folders under the work directory), the FineTuneJob CRD, and the operator in process (leader election off,
/// /metrics on the metrics port, trainers reporting progress to 127.0.0.1). Disposing stops it all, pods included.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    private readonly FileLoggerProvider log;
    private bool disposed;

    private LocalEnvironment(DevClusterHost cluster, WebApplication operatorApp, Kubernetes client, FileLoggerProvider log, int metricsPort)
    {
        Cluster = cluster;
        Operator = operatorApp;
        Client = client;
        this.log = log;
        MetricsPort = metricsPort;
    }

    public DevClusterHost Cluster { get; }

    public WebApplication Operator { get; }

    public Kubernetes Client { get; }

    public int MetricsPort { get; }

    /// <param name="images">The images that run <paramref name="trainerCommand"/>; <see cref="LocalTrainer.Image"/> is always one.</param>
    public static async Task<LocalEnvironment> StartAsync(
        LocalPaths paths, int metricsPort, IReadOnlyList<string> trainerCommand, IEnumerable<string> images, string crdPath,
        Action<WebApplicationBuilder> configure, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.WorkDirectory);
        if (Directory.Exists(paths.Pods))
        {
            // Pod folders are per run; claims (outputs, checkpoints) persist across runs.
            Directory.Delete(paths.Pods, recursive: true);
        }

        var commands = new Dictionary<string, ImageCommand>(StringComparer.Ordinal);
        foreach (var image in images.Append(LocalTrainer.Image))
        {
            commands[image] = new ImageCommand(trainerCommand);
        }

        var cluster = await DevClusterHost.StartAsync(
            new DevClusterOptions
            {
                RunJobs = true,
                Workloads = new WorkloadOptions
                {
                    ImageCommands = commands,
                    PodsDirectory = paths.Pods,
                    HostVolumes = true,
                    ClaimsDirectory = paths.Claims,
                    MaxTerminationGracePeriod = TimeSpan.FromSeconds(10),
                },
            },
            cancellationToken).ConfigureAwait(false);
        var log = new FileLoggerProvider(paths.OperatorLog, LogLevel.Information);
        Kubernetes? client = null;
        WebApplication? app = null;
        try
        {
            cluster.WriteKubeconfig(paths.Kubeconfig);
            client = new Kubernetes(cluster.ClientConfiguration);
            var crd = await CustomResourceDefinitionFile.ReadAsync(crdPath, cancellationToken).ConfigureAwait(false);
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken).ConfigureAwait(false);

            var metrics = metricsPort == 0 ? FreePort() : metricsPort;
            var progress = FreePort();
            string[] args =
            [
                "--kubeconfig", paths.Kubeconfig,
                "--MetricsPort", metrics.ToString(CultureInfo.InvariantCulture),
                "--ProgressPort", progress.ToString(CultureInfo.InvariantCulture),
                "--ProgressBaseUrl", $"http://127.0.0.1:{progress}",
                // Plain HTTP by choice: trainer and operator share this machine's loopback.
                "--Progress:TlsMode", "Disabled",
                "--LeaderElection:Enabled", "false",
                "--TrainerImage", LocalTrainer.Image,
                "--LogFormat", "simple",
                // Trainers are processes on this machine: a file:// output is a host path that outlives them.
                "--" + nameof(OperatorOptions.HostFileOutputs), "true",
            ];
            app = await OperatorHost.BuildAsync(args, builder =>
            {
                configure(builder);
                builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.None);
            }).ConfigureAwait(false);
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException error) when (PortInUseException.IsAddressInUse(error))
            {
                throw new PortInUseException(metrics, "--metrics-port PORT", error);
            }

            return new LocalEnvironment(cluster, app, client, log, metrics);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            client?.Dispose();
            await cluster.DisposeAsync().ConfigureAwait(false);
            log.Dispose();
            throw;
        }
    }

    /// <summary>Stops the operator, then the cluster (its pods get SIGTERM, then are killed after the grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            await Operator.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await Operator.DisposeAsync().ConfigureAwait(false);
            Client.Dispose();
            await Cluster.DisposeAsync().ConfigureAwait(false);
            log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
