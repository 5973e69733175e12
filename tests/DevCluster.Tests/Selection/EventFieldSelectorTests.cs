using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Selection;

public sealed class EventFieldSelectorTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client = cluster.Client;

    [Fact]
    public async Task List_EventsByInvolvedObjectAcrossNamespaces_ReturnsOnlyThatObjectsEvents()
    {
        var job = Names.Unique("job");
        await _client.CoreV1.CreateNamespacedEventAsync(Event(job, "Started", "Normal"), "default");
        await _client.CoreV1.CreateNamespacedEventAsync(Event(job, "Failed", "Warning"), "default");
        await _client.CoreV1.CreateNamespacedEventAsync(Event(Names.Unique("other"), "Started", "Normal"), "default");

        var all = await _client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: $"involvedObject.name={job},involvedObject.kind=FineTuneJob");
        var warnings = await _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={job},type!=Normal");

        Assert.Equal(["Failed", "Started"], all.Items.Select(item => item.Reason).Order());
        Assert.Equal("Failed", Assert.Single(warnings.Items).Reason);
    }

    [Fact]
    public async Task Watch_EventsByReason_DeliversOnlyMatchingEvents()
    {
        var job = Names.Unique("job");
        var start = (await _client.CoreV1.ListNamespacedEventAsync("default")).Metadata.ResourceVersion;
        await _client.CoreV1.CreateNamespacedEventAsync(Event(job, "Started", "Normal"), "default");
        await _client.CoreV1.CreateNamespacedEventAsync(Event(job, "Succeeded", "Normal"), "default");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedEventAsync("default", resourceVersion: start, fieldSelector: $"involvedObject.name={job},reason=Succeeded", cancellationToken: timeout.Token))
        {
            Assert.Equal(WatchEventType.Added, type);
            Assert.Equal("Succeeded", item.Reason);
            return;
        }

        Assert.Fail("the watch ended without an event");
    }

    [Fact]
    public async Task List_SecretsByType_ReturnsOnlyThatType()
    {
        var name = Names.Unique("secret");
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name + "-tls" }, Type = "kubernetes.io/tls" }, "default");
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name + "-opaque" }, Type = "Opaque" }, "default");

        var tls = await _client.CoreV1.ListNamespacedSecretAsync("default", fieldSelector: "type=kubernetes.io/tls");

        Assert.Contains(name + "-tls", tls.Items.Select(item => item.Metadata.Name));
        Assert.DoesNotContain(name + "-opaque", tls.Items.Select(item => item.Metadata.Name));
    }

    [Fact]
    public async Task Watch_UnsupportedFieldLabel_Answers400BeforeStreaming()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.ListNamespacedPodWithHttpMessagesAsync("default", watch: true, fieldSelector: "involvedObject.name=x"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Contains("field label not supported: involvedObject.name", error.Response.Content, StringComparison.Ordinal);
    }

    private static Corev1Event Event(string jobName, string reason, string type) => new()
    {
        Metadata = new V1ObjectMeta { Name = Names.Unique(jobName) },
        InvolvedObject = new V1ObjectReference { ApiVersion = "kubetune.io/v1alpha1", Kind = "FineTuneJob", Name = jobName, NamespaceProperty = "default" },
        Reason = reason,
        Type = type,
        Message = $"{reason} {jobName}",
    };
}
