using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Tests.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Runtime.Informers;

public sealed class ResourceInformerTests : IAsyncDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedResourceClient<V1Pod> client = new();
    private readonly MeasurementRecorder recorder = new();
    private readonly ConcurrentQueue<ObjectKey> enqueued = new();
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }

        stop.Dispose();
        recorder.Dispose();
    }

    [Fact]
    public async Task Run_WatchReportsGone_RelistsAndReportsWhatChangedMeanwhile()
    {
        var informer = Start(new InformerOptions());
        client.EnqueueList("10", Pod("a", "1"), Pod("b", "2"));
        var first = await client.NextWatchAsync();
        first.Send(WatchEventType.Modified, Pod("a", "11"));

        // While the watch was broken, b was deleted and c created; the relist must surface both.
        client.EnqueueList("20", Pod("a", "11"), Pod("c", "15"));
        first.Events.Writer.TryWrite(ResourceWatchEvent<V1Pod>.Failed(new V1Status { Code = 410, Reason = "Expired" }));
        var second = await client.NextWatchAsync();

        Assert.Equal("10", first.ResourceVersion);
        Assert.Equal("20", second.ResourceVersion);
        Assert.Equal(2, client.ListCalls);
        Assert.Equal(["a", "c"], informer.List().Select(pod => pod.Metadata.Name).Order());
        Assert.Equal("11", informer.Get("ml", "a")?.Metadata.ResourceVersion);
        Assert.Contains(new ObjectKey("ml", "b"), enqueued);
        Assert.Contains(new ObjectKey("ml", "c"), enqueued);
        Assert.Contains(recorder.Of("kubetune_watch_restarts_total"), m => m.Tags["reason"] == "gone");
    }

    [Fact]
    public async Task Run_WatchRequestAnswers410_Relists()
    {
        var informer = Start(new InformerOptions());
        client.EnqueueList("10", Pod("a", "1"));
        var first = await client.NextWatchAsync();

        client.EnqueueList("30", Pod("a", "1"), Pod("d", "25"));
        first.Fail(new HttpOperationException("gone") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Gone), string.Empty) });
        var second = await client.NextWatchAsync();

        Assert.Equal("30", second.ResourceVersion);
        Assert.NotNull(informer.Get("ml", "d"));
    }

    [Fact]
    public async Task Run_WatchEvents_UpdateCacheAndEnqueueMappedKeys()
    {
        var informer = Start(new InformerOptions());
        client.EnqueueList("1");
        var watch = await client.NextWatchAsync();

        watch.Send(WatchEventType.Added, Pod("a", "2"));
        watch.Send(WatchEventType.Modified, Pod("a", "3"));
        watch.Send(WatchEventType.Added, Pod("b", "4"));
        watch.Send(WatchEventType.Deleted, Pod("b", "5"));
        await Eventually.TrueAsync(() => enqueued.Count(key => key.Name == "b") == 2, "b added and deleted");

        Assert.Equal("3", informer.Get("ml", "a")?.Metadata.ResourceVersion);
        Assert.Null(informer.Get("ml", "b"));
        Assert.Equal(2, enqueued.Count(key => key.Name == "a"));
    }

    [Fact]
    public async Task Run_WatchClosedByServer_RewatchesFromLastVersionWithoutRelist()
    {
        Start(new InformerOptions());
        client.EnqueueList("1");
        var first = await client.NextWatchAsync();
        first.Send(WatchEventType.Added, Pod("a", "7"));

        first.Close();
        var second = await client.NextWatchAsync();

        Assert.Equal("7", second.ResourceVersion);
        Assert.Equal(1, client.ListCalls);
    }

    [Fact]
    public async Task Run_WatchSilentPastTimeout_RestartsWatchFromSameVersion()
    {
        Start(new InformerOptions { WatchSilenceTimeout = TimeSpan.FromMinutes(2) });
        client.EnqueueList("5", Pod("a", "5"));
        var first = await client.NextWatchAsync();

        time.Advance(TimeSpan.FromMinutes(2));
        var second = await client.NextWatchAsync();

        Assert.Equal("5", second.ResourceVersion);
        Assert.Equal(1, client.ListCalls);
        Assert.Contains(recorder.Of("kubetune_watch_restarts_total"), m => m.Tags["reason"] == "silent");
    }

    [Fact]
    public async Task Run_WatchFails_ReconnectsOnlyAfterBackoff()
    {
        Start(new InformerOptions { InitialBackoff = TimeSpan.FromSeconds(4), MaxBackoff = TimeSpan.FromSeconds(60) });
        client.EnqueueList("5");
        var first = await client.NextWatchAsync();

        first.Fail(new HttpRequestException("connection reset"));
        await Eventually.TrueAsync(() => recorder.Of("kubetune_watch_restarts_total").Any(m => m.Tags["reason"] == "error"), "error counted");
        var second = client.NextWatchAsync();
        var waited = await FakeTime.AdvanceUntilAsync(time, second, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));

        // Jitter puts the delay between half and all of the 4 s backoff.
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4.5));
        Assert.Equal("5", (await second).ResourceVersion);
    }

    [Fact]
    public async Task Run_ListFails_RetriesListUntilItSucceeds()
    {
        var informer = Start(new InformerOptions { InitialBackoff = TimeSpan.FromSeconds(1) });
        client.EnqueueListFailure(new HttpRequestException("connection refused"));
        client.EnqueueList("9", Pod("a", "9"));
        await Eventually.TrueAsync(() => recorder.Of("kubetune_watch_restarts_total").Any(m => m.Tags["reason"] == "error"), "error counted");
        Assert.False(informer.HasSynced);

        var next = client.NextWatchAsync();
        await FakeTime.AdvanceUntilAsync(time, next, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        var watch = await next;

        Assert.Equal("9", watch.ResourceVersion);
        Assert.True(informer.HasSynced);
    }

    [Fact]
    public async Task Run_ResyncPeriodPasses_EveryCachedObjectEnqueuedAgain()
    {
        Start(new InformerOptions { ResyncPeriod = TimeSpan.FromMinutes(10), WatchSilenceTimeout = TimeSpan.FromHours(1) });
        client.EnqueueList("3", Pod("a", "1"), Pod("b", "2"));
        await client.NextWatchAsync();
        enqueued.Clear();

        time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => enqueued.Count == 2, "both keys resynced");

        Assert.Equal(["a", "b"], enqueued.Select(key => key.Name).Order());
    }

    [Fact]
    public async Task HasSynced_TwoNamespaces_TrueOnlyOnceBothListed()
    {
        var informer = Start(new InformerOptions { Namespaces = ["ml", "research"] });
        client.EnqueueList("1");
        await client.NextWatchAsync();
        Assert.False(informer.HasSynced);

        client.EnqueueList("2");
        await client.NextWatchAsync();

        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(informer.HasSynced);
    }

    [Fact]
    public async Task Run_WithTrim_CachesListedAndWatchedObjectsTrimmed()
    {
        var informer = Start(new InformerOptions(), CacheTrim.Metadata);
        client.EnqueueList("10", WithManagedFields(Pod("a", "1")));
        var watch = await client.NextWatchAsync();

        watch.Send(WatchEventType.Added, WithManagedFields(Pod("b", "11")));

        await Eventually.TrueAsync(() => informer.Get("ml", "b") is not null, "b watched into the cache");
        Assert.Null(informer.Get("ml", "a")!.Metadata.ManagedFields);
        Assert.Null(informer.Get("ml", "b")!.Metadata.ManagedFields);
    }

    [Fact]
    public async Task Run_RelistWithUnchangedObject_KeepsCachedObjectAndNotifiesOnlyTheChanged()
    {
        var informer = Start(new InformerOptions());
        client.EnqueueList("10", Pod("a", "1"), Pod("b", "2"));
        var first = await client.NextWatchAsync();
        var cachedA = informer.Get("ml", "a");
        while (enqueued.TryDequeue(out _))
        {
        }

        client.EnqueueList("20", Pod("a", "1"), Pod("b", "12"));
        first.Events.Writer.TryWrite(ResourceWatchEvent<V1Pod>.Failed(new V1Status { Code = 410, Reason = "Expired" }));
        await client.NextWatchAsync();

        Assert.Same(cachedA, informer.Get("ml", "a"));
        Assert.Equal([new ObjectKey("ml", "b")], enqueued);
    }

    [Fact]
    public async Task Run_Packed_ReadsBackEqualCopiesThatCallersCannotChange()
    {
        var informer = Start(new InformerOptions(), pack: true);
        var labelled = Pod("a", "1");
        labelled.Metadata.Labels = new Dictionary<string, string> { ["kubetune.io/job"] = "a" };
        labelled.Metadata.CreationTimestamp = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
        client.EnqueueList("10", labelled, Pod("a-t0", "2"), Pod("b", "3"));
        await client.NextWatchAsync();

        var read = informer.Get("ml", "a")!;
        read.Metadata.Labels["kubetune.io/job"] = "changed by a caller";

        var again = informer.Get("ml", "a")!;
        Assert.NotSame(read, again);
        Assert.Equal("a", again.Metadata.Labels["kubetune.io/job"]);
        Assert.Equal(labelled.Metadata.CreationTimestamp, again.Metadata.CreationTimestamp);
        Assert.Equal("1", again.Metadata.ResourceVersion);
        Assert.Equal(["a", "a-t0"], informer.List("ml", key => key.Name.StartsWith('a')).Select(pod => pod.Metadata.Name).Order());
    }

    [Fact]
    public async Task Run_PackedRelistWithUnchangedObject_NotifiesOnlyTheChanged()
    {
        var informer = Start(new InformerOptions(), pack: true);
        client.EnqueueList("10", Pod("a", "1"), Pod("b", "2"));
        var first = await client.NextWatchAsync();
        while (enqueued.TryDequeue(out _))
        {
        }

        client.EnqueueList("20", Pod("a", "1"), Pod("b", "12"));
        first.Events.Writer.TryWrite(ResourceWatchEvent<V1Pod>.Failed(new V1Status { Code = 410, Reason = "Expired" }));
        await client.NextWatchAsync();

        Assert.Equal([new ObjectKey("ml", "b")], enqueued);
        Assert.Equal("12", informer.Get("ml", "b")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Run_HandlerIgnoresAModification_NotEnqueuedButCachedAndLaterChangesAre()
    {
        var informer = new ResourceInformer<V1Pod>(client, new InformerOptions(), recorder.Metrics, time, NullLogger<ResourceInformer<V1Pod>>.Instance);
        informer.AddEventHandler(new InformerEventHandler<V1Pod>(OwnerKeys.Self, enqueued.Enqueue, (previous, current) => previous.Metadata.ResourceVersion == "1"));
        running = informer.RunAsync(stop.Token);
        client.EnqueueList("10", Pod("a", "1"));
        var watch = await client.NextWatchAsync();
        while (enqueued.TryDequeue(out _))
        {
        }

        watch.Send(WatchEventType.Modified, Pod("a", "2"));
        watch.Send(WatchEventType.Modified, Pod("a", "3"));

        await Eventually.TrueAsync(() => !enqueued.IsEmpty, "the second modification enqueued");
        Assert.Equal([new ObjectKey("ml", "a")], enqueued);
        Assert.Equal("3", informer.Get("ml", "a")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ByIndex_PodsAddedRelabelledDeletedAndGoneAtRelist_EachGroupHoldsExactlyItsPods()
    {
        var informer = new ResourceInformer<V1Pod>(client, new InformerOptions(), recorder.Metrics, time, NullLogger<ResourceInformer<V1Pod>>.Instance,
            indexBy: pod => OwnerKeys.OwningFineTuneJob(pod).Select(key => (ObjectKey?)key).FirstOrDefault());
        running = informer.RunAsync(stop.Token);
        client.EnqueueList("10", Labelled("bert-0", "1", "bert"), Labelled("bert-1", "2", "bert"), Labelled("llama-0", "3", "llama"), Pod("loose", "4"));
        var watch = await client.NextWatchAsync();
        Assert.Equal(["bert-0", "bert-1"], Names(informer.ByIndex(new ObjectKey("ml", "bert"))));

        watch.Send(WatchEventType.Modified, Labelled("bert-1", "11", "llama"));
        watch.Send(WatchEventType.Deleted, Labelled("bert-0", "12", "bert"));
        watch.Send(WatchEventType.Added, Labelled("gpt-0", "13", "gpt"));
        await Eventually.TrueAsync(() => informer.Get("ml", "gpt-0") is not null, "gpt-0 watched into the cache");

        Assert.Empty(informer.ByIndex(new ObjectKey("ml", "bert")));
        Assert.Equal(["bert-1", "llama-0"], Names(informer.ByIndex(new ObjectKey("ml", "llama"))));
        Assert.Empty(informer.ByIndex(new ObjectKey("other", "llama")));
        Assert.Equal(2, informer.IndexGroups);

        watch.Events.Writer.TryWrite(ResourceWatchEvent<V1Pod>.Failed(new V1Status { Code = 410, Reason = "Expired" }));
        client.EnqueueList("20", Labelled("llama-0", "3", "llama"));
        await client.NextWatchAsync();

        Assert.Equal(["llama-0"], Names(informer.ByIndex(new ObjectKey("ml", "llama"))));
        Assert.Empty(informer.ByIndex(new ObjectKey("ml", "gpt")));
        Assert.Equal(1, informer.IndexGroups);
    }

    [Fact]
    public void ByIndex_InformerWithoutIndex_ErrorSaysSo()
    {
        var informer = new ResourceInformer<V1Pod>(client, new InformerOptions(), recorder.Metrics, time, NullLogger<ResourceInformer<V1Pod>>.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => informer.ByIndex(new ObjectKey("ml", "bert")));

        Assert.Contains("keeps no index", error.Message, StringComparison.Ordinal);
    }

    private static V1Pod Labelled(string name, string resourceVersion, string job)
    {
        var pod = Pod(name, resourceVersion);
        pod.Metadata.Labels = new Dictionary<string, string> { [OwnerKeys.JobLabel] = job };
        return pod;
    }

    private static List<string> Names(IEnumerable<V1Pod> pods) => [.. pods.Select(pod => pod.Metadata.Name).Order(StringComparer.Ordinal)];

    private static V1Pod WithManagedFields(V1Pod pod)
    {
        pod.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update" }];
        return pod;
    }

    private ResourceInformer<V1Pod> Start(InformerOptions options, Func<V1Pod, V1Pod>? trim = null, bool pack = false)
    {
        var informer = new ResourceInformer<V1Pod>(client, options, recorder.Metrics, time, NullLogger<ResourceInformer<V1Pod>>.Instance, trim, pack);
        informer.AddEventHandler(OwnerKeys.Self, enqueued.Enqueue);
        running = informer.RunAsync(stop.Token);
        return informer;
    }

    private static V1Pod Pod(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ml", ResourceVersion = resourceVersion } };
}
