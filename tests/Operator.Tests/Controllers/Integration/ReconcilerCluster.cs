using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Pods;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Tests.Runtime;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>
/// One dev cluster running Jobs (scripted pod fates by image) with the FineTuneJob CRD installed, and one operator
/// watching <see cref="SharedNamespace"/>; tests that stop or multiply operators use namespaces of their own.
/// </summary>
public sealed class ReconcilerCluster : IAsyncLifetime
{
    public const string SharedNamespace = "kt-reconcile";
    public const string DefaultImage = "test/trainer-default:1";
    public const string SummaryImage = "test/summary-only:1";
    public const string SummaryJson = """{"phase":"Completed","step":40,"totalSteps":40,"loss":0.25,"eval":{"step":40,"evalLoss":0.31,"evalAccuracy":0.88},"output":{"uri":"pvc://evil/../../etc","format":"safetensors","sizeBytes":777}}""";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly string kubeconfig = Path.Combine(Path.GetTempPath(), $"kubetune-reconciler-{Guid.NewGuid():N}.yaml");
    private OperatorInstance? shared;

    public DevClusterHost Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public string Kubeconfig => kubeconfig;

    public async Task InitializeAsync()
    {
        Cluster = await DevClusterHost.StartAsync(new DevClusterOptions
        {
            RunJobs = true,
            Workloads = new WorkloadOptions
            {
                PodFailureBackoff = TimeSpan.FromMilliseconds(50),
                ImagePullBackOffAfter = TimeSpan.FromMilliseconds(200),
                // A trainer whose final report never arrives: it only writes its final summary to the termination log.
                ImageCommands = new() { [SummaryImage] = new ImageCommand(["/bin/sh", "-c", $"printf '%s' '{SummaryJson}' > \"${TrainerEnvironment.TerminationLog}\""]) },
            },
        });
        Cluster.WriteKubeconfig(kubeconfig);
        Client = new Kubernetes(Cluster.ClientConfiguration);
        await DevClusterResources.InstallFineTuneJobCrdAsync(Client);
        Script(DefaultImage, "run");
        await CreateNamespaceAsync(SharedNamespace);
        shared = await OperatorInstance.StartAsync(kubeconfig, SharedNamespace);
    }

    public async Task DisposeAsync()
    {
        if (shared is not null)
        {
            await shared.DisposeAsync();
        }

        Client.Dispose();
        await Cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }

    /// <summary>Every pod of <paramref name="image"/> takes the next fate (exit:N, oom, evict, image-pull-error, run; "after:DURATION").</summary>
    public void Script(string image, params string[] fates) => Cluster.Workloads!.Scripts.Script(image, fates);

    /// <summary>How many pods of the image have started (taken a fate).</summary>
    public int PodsStarted(string image) => Cluster.Workloads!.Scripts.Taken(image);

    public Task CreateNamespaceAsync(string ns) => Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });

    /// <summary>A small valid FineTuneJob running <paramref name="image"/>.</summary>
    public static FineTuneJob NewJob(string ns, string name, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new FineTuneJobSpec
        {
            Model = new ModelSource { Uri = "pvc://models/bert-tiny" },
            Task = FineTuneTask.TextClassification,
            Dataset = new DatasetSpec { Uri = "pvc://datasets/sst2/train.jsonl", Fields = new DatasetFields { Text = "sentence", Label = "label" } },
            Output = new OutputSpec { Uri = "pvc://models/" + name },
            Resources = new ResourcesSpec { Gpus = 1, Memory = new ResourceQuantity("1Gi") },
            Image = image,
            BackoffLimit = 3,
        },
    };

    public Task CreateAsync(FineTuneJob job) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(job, FineTuneJob.Group, FineTuneJob.Version, job.Metadata.NamespaceProperty, FineTuneJob.Plural);

    public Task PatchSpecAsync(string ns, string name, string specJson) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("{\"spec\":" + specJson + "}", V1Patch.PatchType.MergePatch), FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, name);

    public Task DeleteAsync(string ns, string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, name);

    public async Task<FineTuneJob?> GetAsync(string ns, string name)
    {
        try
        {
            var raw = await Client.CustomObjects.GetNamespacedCustomObjectAsync(FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, name);
            return KubernetesJson.Deserialize<FineTuneJob>(raw.ToString()!);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<V1Job?> GetJobAsync(string ns, string name) =>
        await Absent(() => Client.BatchV1.ReadNamespacedJobAsync(name, ns));

    public async Task<V1ConfigMap?> GetConfigMapAsync(string ns, string name) =>
        await Absent(() => Client.CoreV1.ReadNamespacedConfigMapAsync(name, ns));

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns, string name) =>
        (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(item => item.InvolvedObject?.Name == name).ToList();

    /// <summary>Polls the FineTuneJob until <paramref name="done"/> holds; fails with the last status seen at the deadline.</summary>
    public async Task<FineTuneJob> WaitForAsync(string ns, string name, Func<FineTuneJob, bool> done, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        var clock = Stopwatch.StartNew();
        FineTuneJob? last = null;
        while (clock.Elapsed < limit)
        {
            last = await GetAsync(ns, name);
            if (last is not null && done(last))
            {
                return last;
            }

            // The operator and the pods run on other threads; poll briefly.
            await Task.Delay(25);
        }

        Assert.Fail($"timed out after {limit.TotalSeconds:0}s waiting for {ns}/{name}: {what}; last status: {(last is null ? "no such FineTuneJob" : last.Status is null ? "none yet" : KubernetesJson.Serialize(last.Status))}");
        return last!;
    }

    /// <summary>Polls until <paramref name="done"/> holds, with this cluster's longer deadline.</summary>
    public static Task UntilAsync(Func<Task<bool>> done, string what, TimeSpan? deadline = null) =>
        Eventually.TrueAsync(done, what, deadline ?? Deadline);

    public static V1Condition? Condition(FineTuneJob job, string type) => job.Status?.Conditions?.FirstOrDefault(condition => condition.Type == type);

    public static bool Has(FineTuneJob job, string type, string reason) => Condition(job, type) is { Status: "True" } condition && condition.Reason == reason;

    private static async Task<T?> Absent<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
