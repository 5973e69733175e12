using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Auth;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.DevCluster.Storage;
using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Tests.Hosting;
using KubeTune.Operator.Tests.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>
/// A dev cluster (its real TokenReview and token issuer) and the operator host in-process, shared by the progress
/// endpoint tests; each test uses its own job names. The status writer's clock is fake, so throttling is stepped.
/// </summary>
public class ProgressCluster : IAsyncLifetime
{
    public const string OtherNamespace = "team-b";

    private readonly string kubeconfig = Path.Combine(Path.GetTempPath(), $"kt-progress-{Guid.NewGuid():N}.yaml");
    private WebApplication app = null!;

    public DevClusterHost Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    /// <summary>The status writer's clock.</summary>
    public FakeTimeProvider WriterTime { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Progress { get; private set; } = null!;

    public HttpClient Metrics { get; private set; } = null!;

    public ProgressStatusWriter Writer => app.Services.GetRequiredService<ProgressStatusWriter>();

    public ProgressAuthenticator Authenticator => app.Services.GetRequiredService<ProgressAuthenticator>();

    /// <summary>Extra --Key value settings for the operator; plain HTTP unless a subclass chooses TLS.</summary>
    protected virtual IEnumerable<string> Settings => ["--Progress:TlsMode", "Disabled", "--ProgressBaseUrl", "http://127.0.0.1:8082"];

    public virtual async Task InitializeAsync()
    {
        Cluster = await DevClusterHost.StartAsync(new DevClusterOptions());
        Cluster.WriteKubeconfig(kubeconfig);
        Client = new Kubernetes(Cluster.ClientConfiguration);
        await DevClusterResources.InstallFineTuneJobCrdAsync(Client);
        Cluster.Store.Create(GroupVersionResource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = OtherNamespace } });

        app = await OperatorHost.BuildAsync(
            ["--kubeconfig", kubeconfig, "--MetricsPort", "0", "--ProgressPort", "0", "--LeaderElection:Enabled", "false", "--LogFormat", "simple",
             "--Progress:StatusInterval", "00:00:05", "--Progress:MaxBodyBytes", "4096", .. Settings],
            builder =>
            {
                builder.Services.AddReconciler<RecordingReconciler>();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton(provider => new ProgressStatusWriter(
                    provider.GetRequiredService<IKubernetes>(),
                    provider.GetRequiredService<ProgressStore>(),
                    provider.GetRequiredService<EventRecorder>(),
                    provider.GetRequiredService<ProgressOptions>(),
                    WriterTime,
                    provider.GetRequiredService<ILogger<ProgressStatusWriter>>()));
            });
        await app.StartAsync();
        Progress = new HttpClient(ProgressHandler()) { BaseAddress = app.Services.GetRequiredService<ProgressServer>().Addresses[0] };
        Metrics = new HttpClient { BaseAddress = OperatorHost.ListeningAddresses(app)[0] };
        await Eventually.TrueAsync(async () => (await Metrics.GetAsync("/readyz")).IsSuccessStatusCode, "the operator ready");
    }

    protected virtual HttpMessageHandler ProgressHandler() => new HttpClientHandler();

    public virtual async Task DisposeAsync()
    {
        Progress.Dispose();
        Metrics.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Client.Dispose();
        await Cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }

    /// <summary>A FineTuneJob and one trainer pod of it (labelled kubetune.io/job), in <paramref name="ns"/>.</summary>
    public async Task<JobUnderTest> CreateJobAsync(string name, string ns = "default")
    {
        var job = DevClusterResources.FineTuneJob(name);
        job.Metadata.NamespaceProperty = ns;
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(job, FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural);
        var pod = CreatePod($"{name}-trainer", name, ns);
        return new JobUnderTest(ns, name, pod.Name, pod.Uid);
    }

    public (string Name, string Uid) CreatePod(string podName, string jobLabel, string ns)
    {
        var pod = Cluster.Store.Create(GroupVersionResource.Pods, ns, JsonNode.Parse($$$"""
            {"metadata": {"name": "{{{podName}}}", "labels": {"kubetune.io/job": "{{{jobLabel}}}", "app.kubernetes.io/name": "kubetune-trainer"}},
             "spec": {"containers": [{"name": "trainer", "image": "kubetune/trainer"}]}}
            """)!.AsObject());
        return (podName, ObjectMetadata.Uid(pod));
    }

    /// <summary>A token as the kubelet would project it into the pod: bound to it, for the audience, valid <paramref name="lifetime"/> from <paramref name="issuedAt"/>.</summary>
    public string Token(string ns, string podName, string podUid, string audience, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        Cluster.Tokens.Issue(new ServiceAccountTokenRequest(ns, "default", [audience], lifetime ?? TimeSpan.FromMinutes(10), podName, podUid, issuedAt));

    public string Token(JobUnderTest job) => Token(job.Namespace, job.PodName, job.PodUid, ProgressAuthenticator.AudienceFor(job.Namespace, job.Name));

    public async Task<(int Status, JsonObject Body)> PostAsync(JobUnderTest job, string? token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ProgressEndpoint.PathFor(job.Namespace, job.Name))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Progress.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length > 0 ? text : "{}")!.AsObject());
    }

    public JsonObject? Status(JobUnderTest job) =>
        Cluster.Store.Get(Cluster.Store.Resources.Find("kubetune.io", "v1alpha1", "finetunejobs")!, job.Namespace, job.Name)["status"] as JsonObject;

    /// <summary>The Prometheus samples of one job: "metric value" lines carrying its namespace and name labels.</summary>
    public async Task<IReadOnlyList<string>> SamplesAsync(JobUnderTest job)
    {
        var scrape = await Metrics.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith("kubetune_job_", StringComparison.Ordinal)
                && line.Contains($"namespace=\"{job.Namespace}\"", StringComparison.Ordinal)
                && line.Contains($"name=\"{job.Name}\"", StringComparison.Ordinal))
            .ToList();
    }

    public IReadOnlyList<JsonObject> EventsOf(JobUnderTest job, string reason) =>
        Cluster.Store.List(GroupVersionResource.Events, job.Namespace).Items
            .Where(item => item["reason"]?.ToString() == reason && item["involvedObject"]?["name"]?.ToString() == job.Name)
            .ToList();
}
