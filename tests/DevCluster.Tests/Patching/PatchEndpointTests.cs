using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Patching;

public sealed class PatchEndpointTests : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client;

    public PatchEndpointTests(ClusterFixture cluster)
    {
        _client = cluster.Client;
        TestResources.EnsureWidgetCrd(cluster.Host);
    }

    [Fact]
    public async Task Patch_MergePatch_MergesDataAndRemovesNullKeys()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");

        var patched = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":null,"new":"v"}}""", V1Patch.PatchType.MergePatch), name, "default");

        Assert.Equal(new Dictionary<string, string> { ["new"] = "v" }, patched.Data);
    }

    [Fact]
    public async Task Patch_JsonPatch_AppliesOperations()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");

        var patched = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"replace","path":"/data/key","value":"jp"},{"op":"add","path":"/metadata/labels","value":{"x":"y"}}]""", V1Patch.PatchType.JsonPatch), name, "default");

        Assert.Equal("jp", patched.Data["key"]);
        Assert.Equal("y", patched.Metadata.Labels["x"]);
    }

    [Fact]
    public async Task Patch_StrategicMergeOnPod_MergesContainersByName()
    {
        var name = Names.Unique("pod");
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "one" }, new V1Container { Name = "b", Image = "two" }] },
        }, "default");

        var patched = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"spec":{"containers":[{"name":"b","image":"three"}]}}""", V1Patch.PatchType.StrategicMergePatch), name, "default");

        Assert.Equal(["a:one", "b:three"], patched.Spec.Containers.Select(c => $"{c.Name}:{c.Image}"));
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Patch_StrategicMergeOnCustomResource_Returns415()
    {
        var name = Names.Unique("w");
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(TestResources.Widget(name, 1), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":2}}""", V1Patch.PatchType.StrategicMergePatch), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
    }

    [Fact]
    public async Task Patch_MergeOnCustomResource_BumpsGenerationForSpecOnly()
    {
        var name = Names.Unique("w");
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(TestResources.Widget(name, 1), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural);

        var labelled = TestResources.ToJsonObject(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));
        var resized = TestResources.ToJsonObject(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":4}}""", V1Patch.PatchType.MergePatch), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));

        Assert.Equal(1, labelled["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(2, resized["metadata"]!["generation"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_WithStaleResourceVersionInBody_Returns409()
    {
        var name = Names.Unique("cm");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"1"}}""", V1Patch.PatchType.MergePatch), name, "default");
        var stalePatch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = created.Metadata.ResourceVersion }, ["data"] = new JsonObject { ["key"] = "2" } };

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(stalePatch.ToJsonString(), V1Patch.PatchType.MergePatch), name, "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }
}
