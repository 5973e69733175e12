using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Storage;

public sealed class ClusterStoreCrudTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client = cluster.Client;

    [Fact]
    public async Task Create_WithGenerateName_ServerPicksUniqueNameWithPrefix()
    {
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, "default");
        var second = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, "default");

        Assert.StartsWith("gen-", first.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("gen-".Length + 5, first.Metadata.Name.Length);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    [Fact]
    public async Task Create_SetsUidCreationTimestampGenerationAndIncreasingResourceVersion()
    {
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");
        var second = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");

        Assert.True(Guid.TryParse(first.Metadata.Uid, out _));
        Assert.NotNull(first.Metadata.CreationTimestamp);
        Assert.Equal(1, first.Metadata.Generation);
        Assert.True(long.Parse(second.Metadata.ResourceVersion) > long.Parse(first.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Get_Missing_Returns404NotFoundStatus()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("does-not-exist", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Status", status["kind"]!.ToString());
        Assert.Equal("Failure", status["status"]!.ToString());
        Assert.Equal("NotFound", status["reason"]!.ToString());
        Assert.Equal("configmaps \"does-not-exist\" not found", status["message"]!.ToString());
        Assert.Equal(404, status["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_Twice_Returns409AlreadyExists()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("AlreadyExists", JsonNode.Parse(error.Response.Content)!["reason"]!.ToString());
    }

    [Fact]
    public async Task Create_InMissingNamespace_Returns404ForTheNamespace()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap("x"), "no-such-namespace"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("namespaces \"no-such-namespace\" not found", JsonNode.Parse(error.Response.Content)!["message"]!.ToString());
    }

    [Fact]
    public async Task Update_WithStaleResourceVersion_Returns409ConflictStatus()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");
        var stale = await _client.CoreV1.ReadNamespacedConfigMapAsync(created.Metadata.Name, "default");
        created.Data["key"] = "first";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, "default");
        stale.Data["key"] = "second";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, stale.Metadata.Name, "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Conflict", status["reason"]!.ToString());
        Assert.Equal(created.Metadata.Name, status["details"]!["name"]!.ToString());
        Assert.Equal("configmaps", status["details"]!["kind"]!.ToString());
        Assert.Contains("the object has been modified", status["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("first", (await _client.CoreV1.ReadNamespacedConfigMapAsync(created.Metadata.Name, "default")).Data["key"]);
    }

    [Fact]
    public async Task Update_ChangingOnlyMetadata_KeepsGeneration()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");
        created.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };

        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, "default");

        Assert.Equal(1, updated.Metadata.Generation);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Update_ChangingData_BumpsGenerationOnce()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");
        created.Data["key"] = "changed";

        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, "default");

        Assert.Equal(2, updated.Metadata.Generation);
    }

    [Fact]
    public async Task Update_WithoutChanges_KeepsResourceVersion()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");

        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, created.Metadata.Name, "default");

        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Delete_Existing_RemovesIt()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync(name, "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task List_AllKindsServed_RoundTripThroughTypedClient()
    {
        var name = Names.Unique("x");
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, StringData = new Dictionary<string, string> { ["a"] = "b" } }, "default");
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, "default");
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, "default");
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, "default");
        await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event { Metadata = new V1ObjectMeta { Name = name }, InvolvedObject = new V1ObjectReference { Name = name }, Reason = "Test" }, "default");
        await _client.BatchV1.CreateNamespacedJobAsync(new V1Job { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1JobSpec { Template = new V1PodTemplateSpec() } }, "default");
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1LeaseSpec { HolderIdentity = "me" } }, "default");
        await _client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event { Metadata = new V1ObjectMeta { Name = name }, EventTime = DateTime.UtcNow, Reason = "Test" }, "default");

        Assert.Contains((await _client.CoreV1.ListNamespacedSecretAsync("default")).Items, item => item.Metadata.Name == name);
        Assert.Contains((await _client.CoreV1.ListNamespacedServiceAccountAsync("default")).Items, item => item.Metadata.Name == name);
        Assert.Contains((await _client.CoreV1.ListNamespacedServiceAsync("default")).Items, item => item.Metadata.Name == name);
        Assert.Contains((await _client.CoreV1.ListPodForAllNamespacesAsync()).Items, item => item.Metadata.Name == name);
        Assert.Contains((await _client.CoreV1.ListNamespacedEventAsync("default")).Items, item => item.Metadata.Name == name);
        Assert.Contains((await _client.BatchV1.ListNamespacedJobAsync("default")).Items, item => item.Metadata.Name == name);
        Assert.Equal("me", (await _client.CoordinationV1.ReadNamespacedLeaseAsync(name, "default")).Spec.HolderIdentity);
        Assert.Contains((await _client.EventsV1.ListNamespacedEventAsync("default")).Items, item => item.Metadata.Name == name);
    }

    [Fact]
    public async Task Namespaces_DefaultAndKubeSystemExistAtStart()
    {
        var namespaces = await _client.CoreV1.ListNamespaceAsync();

        Assert.Contains(namespaces.Items, ns => ns.Metadata.Name == "default" && ns.Status.Phase == "Active");
        Assert.Contains(namespaces.Items, ns => ns.Metadata.Name == "kube-system");
    }

    [Fact]
    public async Task List_ReturnsListResourceVersionOfTheStore()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(Names.Unique("cm")), "default");

        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.Equal(cluster.Host.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Metadata.ResourceVersion);
    }
}
