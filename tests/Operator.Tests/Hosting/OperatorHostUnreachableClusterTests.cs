using System.Net;
using k8s;
using KubeTune.Operator.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Operator.Tests.Hosting;

public sealed class OperatorHostUnreachableClusterTests
{
    [Fact]
    public async Task Probes_ApiServerUnreachable_LiveButNotReady()
    {
        // Nothing listens on port 9 of the loopback: every list fails and no cache ever syncs.
        await using var app = await OperatorHost.BuildAsync(
            ["--MetricsPort", "0", "--ProgressPort", "0", "--LeaderElection:Enabled", "false", "--LogFormat", "simple"],
            builder => builder.Services
                .AddSingleton(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" })
                .AddReconciler<RecordingReconciler>());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = OperatorHost.ListeningAddresses(app)[0] };

        using var live = await http.GetAsync("/healthz");
        using var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("finetunejobs", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }
}
