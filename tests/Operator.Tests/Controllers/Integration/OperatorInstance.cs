using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Runtime.Informers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>One operator replica (the real host with the FineTuneJob reconciler) running in-process against the dev cluster.</summary>
internal sealed class OperatorInstance : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private OperatorInstance(WebApplication app) => this.app = app;

    public IServiceProvider Services => app.Services;

    /// <summary>The replica's /metrics scrape, in the Prometheus text format.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = OperatorHost.ListeningAddresses(app)[0] };
        return await http.GetStringAsync("/metrics");
    }

    /// <summary>Starts a replica watching <paramref name="ns"/>; <paramref name="settings"/> are extra --Key value pairs; <paramref name="services"/> replaces registrations.</summary>
    public static async Task<OperatorInstance> StartAsync(string kubeconfig, string ns, IEnumerable<string>? settings = null, InformerOptions? informers = null, Action<IServiceCollection>? services = null)
    {
        string[] args =
        [
            "--kubeconfig", kubeconfig, "--MetricsPort", "0", "--ProgressPort", "0", "--LogFormat", "simple",
            "--WatchNamespaces", ns, "--Workers", "2", "--ImagePullGracePeriod", "00:00:01",
            "--TrainerImage", ReconcilerCluster.DefaultImage, "--LeaderElection:Enabled", "false",
            .. settings ?? [],
        ];
        var app = await OperatorHost.BuildAsync(args, builder =>
        {
            builder.Services.AddFineTuneJobController();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (informers is not null)
            {
                builder.Services.AddSingleton(informers with { Namespaces = [ns] });
            }

            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new OperatorInstance(app);
    }

    /// <summary>Stops the replica as a shutdown would (leases released, watches closed).</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}
