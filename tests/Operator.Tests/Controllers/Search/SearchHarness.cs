using System.Net.Http.Headers;
using System.Text;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Auth;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Tests.Controllers.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Operator.Tests.Controllers.Search;

/// <summary>
/// An operator of its own watching one namespace of the shared dev cluster, and the trainer's side of a search:
/// finding a trial's pod and POSTing its progress reports to the real endpoint with a token bound to that pod.
/// </summary>
internal sealed class SearchHarness : IAsyncDisposable
{
    private readonly ReconcilerCluster cluster;
    private OperatorInstance operatorInstance;

    private SearchHarness(ReconcilerCluster cluster, string ns, OperatorInstance operatorInstance)
    {
        this.cluster = cluster;
        Namespace = ns;
        this.operatorInstance = operatorInstance;
    }

    public string Namespace { get; }

    /// <summary>The operator replica currently running.</summary>
    public OperatorInstance Operator => operatorInstance;

    /// <summary>The harness posts trial reports itself, over plain HTTP by choice (TLS is tested in Progress/).</summary>
    private static readonly string[] PlainHttp = ["--Progress:TlsMode", "Disabled", "--ProgressBaseUrl", "http://127.0.0.1:8082"];

    public static async Task<SearchHarness> StartAsync(ReconcilerCluster cluster, string ns)
    {
        await cluster.CreateNamespaceAsync(ns);
        return new SearchHarness(cluster, ns, await OperatorInstance.StartAsync(cluster.Kubeconfig, ns, PlainHttp));
    }

    /// <summary>Stops the operator and starts a fresh one: nothing survives but the cluster's state.</summary>
    public async Task RestartOperatorAsync()
    {
        await operatorInstance.DisposeAsync();
        operatorInstance = await OperatorInstance.StartAsync(cluster.Kubeconfig, Namespace, PlainHttp);
    }

    /// <summary>A search FineTuneJob running <paramref name="image"/> in every trial.</summary>
    public FineTuneJob NewJob(string name, string image, SearchSpec search)
    {
        var job = ReconcilerCluster.NewJob(Namespace, name, image);
        job.Spec.Search = search;
        return job;
    }

    /// <summary>Waits for trial k's pod (labelled with the job and the trial) to exist.</summary>
    public async Task<V1Pod> TrialPodAsync(string jobName, int trial)
    {
        V1Pod? pod = null;
        await ReconcilerCluster.UntilAsync(
            async () =>
            {
                var pods = await cluster.Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: $"kubetune.io/job={jobName},{TrialNames.TrialLabel}={trial}");
                pod = pods.Items.FirstOrDefault();
                return pod is not null;
            },
            $"the pod of trial {trial} of {jobName}");
        return pod!;
    }

    /// <summary>POSTs an evaluation of <paramref name="evalLoss"/> at <paramref name="step"/> from <paramref name="pod"/>, as its trainer would.</summary>
    public async Task ReportAsync(string jobName, V1Pod pod, long step, long totalSteps, double evalLoss, bool final)
    {
        var token = cluster.Cluster.Tokens.Issue(new ServiceAccountTokenRequest(
            Namespace, "default", [ProgressAuthenticator.AudienceFor(Namespace, jobName)], TimeSpan.FromMinutes(10), pod.Metadata.Name, pod.Metadata.Uid, null));
        var server = operatorInstance.Services.GetRequiredService<ProgressServer>().Addresses[0];
        using var http = new HttpClient { BaseAddress = server };
        var phase = final ? "Completed" : "Evaluated";
        var json = FormattableString.Invariant(
            $$$"""{"step": {{{step}}}, "totalSteps": {{{totalSteps}}}, "phase": "{{{phase}}}", "final": {{{(final ? "true" : "false")}}}, "eval": {"step": {{{step}}}, "evalLoss": {{{evalLoss}}}}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, ProgressEndpoint.PathFor(Namespace, jobName)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"report of {pod.Metadata.Name} refused: {(int)response.StatusCode} {body}");
        Assert.Contains("\"trial\"", body, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await operatorInstance.DisposeAsync();
}
