using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Storage;

public sealed class WatchTests(WatchClusterFixture cluster) : IClassFixture<WatchClusterFixture>
{
    private readonly Kubernetes _client = cluster.Client;

    [Fact]
    public async Task Watch_FromResourceVersion_DeliversAddedModifiedDeletedInOrder()
    {
        var name = Names.Unique("cm");
        var start = (await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        created.Data["key"] = "changed";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, "default");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default");

        var events = await CollectAsync(start, $"metadata.name={name}", count: 3);

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("changed", events[1].Object.Data["key"]);
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion)).ToList();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithAddedForExistingObjects()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");

        var events = await CollectAsync(null, $"metadata.name={name}", count: 1);

        Assert.Equal(WatchEventType.Added, events[0].Type);
        Assert.Equal(name, events[0].Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_AllowWatchBookmarks_SendsBookmarkWithCurrentResourceVersion()
    {
        var start = (await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, resourceVersion: start, fieldSelector: "metadata.name=none", cancellationToken: timeout.Token))
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            Assert.True(long.Parse(item.Metadata.ResourceVersion) >= long.Parse(start));
            return;
        }

        Assert.Fail("the watch ended without a bookmark");
    }

    [Fact]
    public async Task Watch_FromCompactedResourceVersion_AnswersErrorEventWith410Gone()
    {
        var start = (await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");
        cluster.Host.Store.CompactHistory();

        var line = await FirstWatchLineAsync($"api/v1/namespaces/default/configmaps?watch=true&resourceVersion={start}");

        Assert.Equal("ERROR", line["type"]!.ToString());
        Assert.Equal("Status", line["object"]!["kind"]!.ToString());
        Assert.Equal(410, line["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", line["object"]!["reason"]!.ToString());
    }

    [Fact]
    public async Task Watch_OlderThanHistoryLimit_AnswersGoneThroughTheClient()
    {
        var start = (await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        var name = Names.Unique("cm");
        var configMap = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        for (var i = 0; i < WatchClusterFixture.HistoryLimit + 5; i++)
        {
            configMap.Data["key"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            configMap = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, name, "default");
        }

        Exception? reported = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var _ in _client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: start, onError: error => reported = error, cancellationToken: timeout.Token))
        {
            Assert.Fail("no event may arrive from a version older than the history");
        }

        var gone = Assert.IsType<KubernetesException>(reported);
        Assert.Equal(410, gone.Status.Code);
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        var stopwatch = Stopwatch.StartNew();
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = 0;

        await foreach (var _ in _client.CoreV1.WatchListNamespacedConfigMapAsync("default", fieldSelector: $"metadata.name={name}", timeoutSeconds: 1, cancellationToken: safety.Token))
        {
            received++;
        }

        Assert.Equal(1, received);
        Assert.False(safety.IsCancellationRequested, "the server did not end the watch after timeoutSeconds");
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Watch_LabelSelector_ObjectLeavingSelectionArrivesAsDeleted()
    {
        var start = (await _client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        var tier = Names.Unique("tier");
        var name = Names.Unique("cm");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name, new Dictionary<string, string> { ["tier"] = tier }), "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("other")), "default");
        created.Metadata.Labels["tier"] = "elsewhere";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, name, "default");

        var events = await CollectAsync(start, null, count: 2, labelSelector: $"tier={tier}");

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(name, e.Object.Metadata.Name));
    }

    [Fact]
    public async Task StoreWatch_InProcess_SeesChangesMadeOverHttp()
    {
        var name = Names.Unique("cm");
        using var subscription = cluster.Host.Store.Watch(GroupVersionResource.ConfigMaps, "default", new WatchRequest(cluster.Host.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var change = await subscription.Events.ReadAsync(timeout.Token);
        Assert.Equal(WatchEvent.Added, change.Type);
        Assert.Equal(name, ObjectMetadata.Name(change.Object));
    }

    private async Task<List<(WatchEventType Type, V1ConfigMap Object)>> CollectAsync(string? resourceVersion, string? fieldSelector, int count, string? labelSelector = null)
    {
        var events = new List<(WatchEventType, V1ConfigMap)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: resourceVersion, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: timeout.Token))
        {
            events.Add((type, item));
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    private async Task<JsonNode> FirstWatchLineAsync(string relativeUrl)
    {
        using var http = new HttpClient { BaseAddress = cluster.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(relativeUrl, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        return JsonNode.Parse(await reader.ReadLineAsync() ?? "null")!;
    }
}
