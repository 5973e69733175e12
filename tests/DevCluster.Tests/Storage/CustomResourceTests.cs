using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Storage;

public sealed class CustomResourceTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;
    private readonly Kubernetes _client;

    public CustomResourceTests(ClusterFixture cluster)
    {
        _cluster = cluster;
        _client = cluster.Client;
        TestResources.EnsureWidgetCrd(cluster.Host);
    }

    [Fact]
    public async Task CreateCrd_ThroughClient_ServesResourceAndReportsEstablished()
    {
        var crd = TestResources.WidgetCrd();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        crd["metadata"]!["name"] = $"things{suffix}.test.kubetune.io";
        crd["spec"]!["names"] = new JsonObject { ["plural"] = $"things{suffix}", ["singular"] = $"thing{suffix}", ["kind"] = $"Thing{suffix}" };

        var created = TestResources.ToJsonObject(await _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<k8s.Models.V1CustomResourceDefinition>(crd.ToJsonString())));
        var thing = TestResources.Widget("t1", 2);
        thing["kind"] = $"Thing{suffix}";
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(thing, TestResources.WidgetGroup, "v1", "default", $"things{suffix}");

        Assert.Contains(created["status"]!["conditions"]!.AsArray(), condition => condition!["type"]!.ToString() == "Established" && condition["status"]!.ToString() == "True");
        var list = TestResources.ToJsonObject(await _client.CustomObjects.ListNamespacedCustomObjectAsync(TestResources.WidgetGroup, "v1", "default", $"things{suffix}"));
        Assert.Equal("t1", Assert.Single(list["items"]!.AsArray())!["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task Create_CustomResource_AppliesSchemaDefaults()
    {
        var name = Names.Unique("w");

        var created = TestResources.ToJsonObject(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(TestResources.Widget(name, 2), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural));

        Assert.Equal("blue", created["spec"]!["color"]!.ToString());
    }

    [Fact]
    public async Task Create_InvalidCustomResource_Returns422WithFieldPath()
    {
        var widget = TestResources.Widget(Names.Unique("w"), 0);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Invalid", status["reason"]!.ToString());
        Assert.Equal("Widget", status["details"]!["kind"]!.ToString());
        Assert.Equal("test.kubetune.io", status["details"]!["group"]!.ToString());
        Assert.Contains(status["details"]!["causes"]!.AsArray(), cause => cause!["field"]!.ToString() == "spec.size");
        Assert.Contains("spec.size", status["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_InvalidCustomResource_Returns422AndKeepsOldObject()
    {
        var name = Names.Unique("w");
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(TestResources.Widget(name, 2), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("""{"spec":{"size":null}}""", k8s.Models.V1Patch.PatchType.MergePatch), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("spec.size", error.Response.Content, StringComparison.Ordinal);
        var current = TestResources.ToJsonObject(await _client.CustomObjects.GetNamespacedCustomObjectAsync(TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));
        Assert.Equal(2, current["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task ClusterScopedCrd_ServesObjectsWithoutNamespace()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        _cluster.Host.Store.Create(GroupVersionResource.CustomResourceDefinitions, null, ClusterScopedCrd(suffix));

        await _client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "test.kubetune.io/v1", ["kind"] = $"Gadget{suffix}", ["metadata"] = new JsonObject { ["name"] = "g1" }, ["spec"] = new JsonObject { ["any"] = "thing" } },
            TestResources.WidgetGroup, "v1", $"gadgets{suffix}");

        var fetched = TestResources.ToJsonObject(await _client.CustomObjects.GetClusterCustomObjectAsync(TestResources.WidgetGroup, "v1", $"gadgets{suffix}", "g1"));
        Assert.Null(fetched["metadata"]!["namespace"]);
        Assert.Equal("thing", fetched["spec"]!["any"]!.ToString());
    }

    [Fact]
    public async Task DeleteCrd_StopsServingAndRemovesCustomResources()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        _cluster.Host.Store.Create(GroupVersionResource.CustomResourceDefinitions, null, ClusterScopedCrd(suffix));
        await _client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "test.kubetune.io/v1", ["kind"] = $"Gadget{suffix}", ["metadata"] = new JsonObject { ["name"] = "g1" } },
            TestResources.WidgetGroup, "v1", $"gadgets{suffix}");

        await _client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"gadgets{suffix}.test.kubetune.io");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.ListClusterCustomObjectAsync(TestResources.WidgetGroup, "v1", $"gadgets{suffix}"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    private static JsonObject ClusterScopedCrd(string suffix) => JsonNode.Parse($$$$"""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gadgets{{{{suffix}}}}.test.kubetune.io"},
         "spec":{"group":"test.kubetune.io","scope":"Cluster",
           "names":{"plural":"gadgets{{{{suffix}}}}","singular":"gadget{{{{suffix}}}}","kind":"Gadget{{{{suffix}}}}"},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """)!.AsObject();
}
