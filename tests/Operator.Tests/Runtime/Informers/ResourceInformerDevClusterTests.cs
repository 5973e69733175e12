using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KubeTune.DevCluster;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Tests.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeTune.Operator.Tests.Runtime.Informers;

/// <summary>The informer over real HTTP: KubernetesClient against the dev cluster.</summary>
public sealed class ResourceInformerDevClusterTests : IAsyncLifetime
{
    private readonly MeasurementRecorder recorder = new();
    private readonly ConcurrentQueue<ObjectKey> enqueued = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> running = [];
    private DevClusterHost cluster = null!;
    private Kubernetes client = null!;

    public async Task InitializeAsync()
    {
        cluster = await DevClusterHost.StartAsync(new DevClusterOptions());
        client = new Kubernetes(cluster.ClientConfiguration);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        client.Dispose();
        await cluster.DisposeAsync();
        recorder.Dispose();
        stop.Dispose();
    }

    [Fact]
    public async Task Run_LabelSelectedPods_CacheHoldsOnlyTrainerPodsAndFollowsChanges()
    {
        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("bert-0", "bert"), "default");
        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("web-0", "none", trainer: false), "default");
        var informer = Start(ResourceClients.ForPods(client, OperatorServiceCollectionExtensions.TrainerSelector), new InformerOptions(), OwnerKeys.OwningFineTuneJob);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("llama-0", "llama"), "default");
        await Eventually.TrueAsync(() => informer.Get("default", "llama-0") is not null, "llama-0 watched into the cache");

        Assert.NotNull(informer.Get("default", "bert-0"));
        Assert.Null(informer.Get("default", "web-0"));
        Assert.Contains(new ObjectKey("default", "bert"), enqueued);
        Assert.Contains(new ObjectKey("default", "llama"), enqueued);
    }

    [Fact]
    public async Task Run_WatchResumesFromCompactedVersion_RelistsAndMissesNothing()
    {
        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("a", "a"), "default");
        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("b", "b"), "default");
        var options = new InformerOptions { WatchServerTimeout = TimeSpan.FromSeconds(1), InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        var informer = Start(ResourceClients.ForPods(client, OperatorServiceCollectionExtensions.TrainerSelector), options, OwnerKeys.Self);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        // Keep the informer from re-watching while pods change and the server forgets that history.
        cluster.Faults.FailNext("GET", "watch=true", 503, times: 100_000);
        await Eventually.TrueAsync(() => Restarts("error") > 0, "the re-watch refused at least once");
        await client.CoreV1.DeleteNamespacedPodAsync("a", "default");
        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("c", "c"), "default");
        cluster.Store.CompactHistory();
        enqueued.Clear();
        cluster.Faults.Clear();

        await Eventually.TrueAsync(() => informer.Get("default", "c") is not null && informer.Get("default", "a") is null, "the relist brought c and dropped a");
        Assert.Contains(new ObjectKey("default", "a"), enqueued);
        Assert.Contains(new ObjectKey("default", "c"), enqueued);
        Assert.NotNull(informer.Get("default", "b"));
        Assert.True(Restarts("gone") > 0, "the 410 was seen as gone");

        await client.CoreV1.CreateNamespacedPodAsync(DevClusterResources.TrainerPod("d", "d"), "default");
        await Eventually.TrueAsync(() => informer.Get("default", "d") is not null, "watching again after the relist");
    }

    [Fact]
    public async Task Run_FineTuneJobCustomResources_DeserializedIntoTheCache()
    {
        await DevClusterResources.InstallFineTuneJobCrdAsync(client);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(DevClusterResources.FineTuneJob("bert-sst2"), FineTuneJob.Group, FineTuneJob.Version, "default", FineTuneJob.Plural);
        var jobs = ResourceClients.ForCustomObjects<FineTuneJob, FineTuneJobList>(client, FineTuneJob.Group, FineTuneJob.Version, FineTuneJob.Plural);
        var informer = Start(jobs, new InformerOptions { Namespaces = ["default"] }, OwnerKeys.Self);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(DevClusterResources.FineTuneJob("llama-lora"), FineTuneJob.Group, FineTuneJob.Version, "default", FineTuneJob.Plural);
        await Eventually.TrueAsync(() => informer.Get("default", "llama-lora") is not null, "llama-lora watched into the cache");

        Assert.Equal("hf://google-bert/bert-base-uncased", informer.Get("default", "bert-sst2")?.Spec.Model.Uri);
        Assert.Equal("pvc://models/llama-lora", informer.Get("default", "llama-lora")?.Spec.Output.Uri);
    }

    private ResourceInformer<T> Start<T>(IResourceClient<T> resourceClient, InformerOptions options, Func<T, IEnumerable<ObjectKey>> keysOf)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new ResourceInformer<T>(resourceClient, options, recorder.Metrics, TimeProvider.System, NullLogger<ResourceInformer<T>>.Instance);
        informer.AddEventHandler(keysOf, enqueued.Enqueue);
        running.Add(informer.RunAsync(stop.Token));
        return informer;
    }

    private double Restarts(string reason) =>
        recorder.Of("kubetune_watch_restarts_total").Where(m => m.Tags["reason"] == reason).Sum(m => m.Value);
}
