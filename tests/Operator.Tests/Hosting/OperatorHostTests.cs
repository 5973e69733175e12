using System.Net;
using k8s;
using KubeTune.DevCluster;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Runtime.Controller;
using KubeTune.Operator.Tests.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Operator.Tests.Hosting;

/// <summary>The operator host in-process against a dev cluster, reached through --kubeconfig like a user would.</summary>
public sealed class OperatorHostTests : IAsyncLifetime
{
    private readonly string kubeconfig = Path.Combine(Path.GetTempPath(), $"kubetune-host-{Guid.NewGuid():N}.yaml");
    private DevClusterHost cluster = null!;
    private Kubernetes client = null!;
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        cluster = await DevClusterHost.StartAsync(new DevClusterOptions());
        cluster.WriteKubeconfig(kubeconfig);
        client = new Kubernetes(cluster.ClientConfiguration);
        await DevClusterResources.InstallFineTuneJobCrdAsync(client);
        await CreateJobAsync("bert-sst2");

        // The first watch of each resource is refused, so kubetune_watch_restarts_total has a sample to export.
        cluster.Faults.FailNext("GET", "watch=true", 500, times: 3);
        app = await OperatorHost.BuildAsync(
            ["--kubeconfig", kubeconfig, "--MetricsPort", "0", "--ProgressPort", "0", "--LeaderElection:Enabled", "false", "--LogFormat", "simple"],
            builder => builder.Services.AddReconciler<RecordingReconciler>());
        await app.StartAsync();
        http = new HttpClient { BaseAddress = OperatorHost.ListeningAddresses(app)[0] };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        client.Dispose();
        await cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }

    [Fact]
    public async Task Readyz_CachesSynced_ReadyAndExistingJobReconciled()
    {
        await Eventually.TrueAsync(() => Status("/readyz") == HttpStatusCode.OK, "/readyz answers 200");

        Assert.Equal(HttpStatusCode.OK, Status("/healthz"));
        await Eventually.TrueAsync(() => Reconciler.CallsFor("default", "bert-sst2") > 0, "bert-sst2 reconciled");
    }

    [Fact]
    public async Task Reconcile_NewJobFailsOnce_RetriedUntilItSucceeds()
    {
        await Eventually.TrueAsync(() => Status("/readyz") == HttpStatusCode.OK, "/readyz answers 200");

        await CreateJobAsync("flaky-llama");

        await Eventually.TrueAsync(() => Reconciler.CallsFor("default", "flaky-llama") >= 2, "flaky-llama retried after its failure");
    }

    [Fact]
    public async Task Metrics_Scraped_OperatorMetricsCarryTheNamesOfTheDesign()
    {
        await Eventually.TrueAsync(() => Status("/readyz") == HttpStatusCode.OK, "/readyz answers 200");
        await CreateJobAsync("flaky-metrics");
        await Eventually.TrueAsync(() => Reconciler.CallsFor("default", "flaky-metrics") >= 2, "flaky-metrics retried");

        var scrape = await http.GetStringAsync("/metrics");
        var samples = scrape.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        Assert.Contains(samples, line => line.StartsWith("kubetune_reconcile_duration_seconds_bucket{", StringComparison.Ordinal) && line.Contains("result=\"success\"", StringComparison.Ordinal));
        Assert.Contains(samples, line => line.StartsWith("kubetune_reconcile_duration_seconds_count{", StringComparison.Ordinal));
        Assert.Contains(samples, line => line.StartsWith("kubetune_reconcile_errors_total", StringComparison.Ordinal));
        Assert.Contains(samples, line => line.StartsWith("kubetune_workqueue_depth", StringComparison.Ordinal));
        Assert.Contains(samples, line => line.StartsWith("kubetune_watch_restarts_total{", StringComparison.Ordinal) && line.Contains("reason=\"error\"", StringComparison.Ordinal));
        Assert.Contains(samples, line => line.StartsWith("kubetune_jobs{", StringComparison.Ordinal) && line.Contains("phase=\"Pending\"", StringComparison.Ordinal));
        Assert.Contains(samples, line => line.StartsWith("dotnet_", StringComparison.Ordinal) || line.StartsWith("process_runtime_dotnet_", StringComparison.Ordinal));
        Assert.DoesNotContain(samples, line => line.StartsWith("kubetune_reconcile_errors_total_total", StringComparison.Ordinal) || line.StartsWith("kubetune_reconcile_duration_seconds_seconds", StringComparison.Ordinal));
    }

    private RecordingReconciler Reconciler => (RecordingReconciler)app.Services.GetRequiredService<IReconciler>();

    private HttpStatusCode Status(string path)
    {
        using var response = http.GetAsync(path).GetAwaiter().GetResult();
        return response.StatusCode;
    }

    private Task<object> CreateJobAsync(string name) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(DevClusterResources.FineTuneJob(name), FineTuneJob.Group, FineTuneJob.Version, "default", FineTuneJob.Plural);
}
