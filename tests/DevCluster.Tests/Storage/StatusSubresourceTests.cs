using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Storage;

public sealed class StatusSubresourceTests : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client;

    public StatusSubresourceTests(ClusterFixture cluster)
    {
        _client = cluster.Client;
        TestResources.EnsureWidgetCrd(cluster.Host);
    }

    [Fact]
    public async Task ReplaceStatus_ChangesStatusOnly_IgnoresSpecAndKeepsGeneration()
    {
        var name = Names.Unique("w");
        await CreateWidgetAsync(name, 2);
        var current = await GetWidgetAsync(name);
        current["spec"]!["size"] = 9;
        current["status"] = new JsonObject { ["phase"] = "Running" };

        var updated = TestResources.ToJsonObject(await _client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(current, TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));

        Assert.Equal("Running", updated["status"]!["phase"]!.ToString());
        Assert.Equal(2, updated["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(1, updated["metadata"]!["generation"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replace_MainEndpoint_IgnoresStatusAndBumpsGenerationForSpec()
    {
        var name = Names.Unique("w");
        await CreateWidgetAsync(name, 2);
        var current = await GetWidgetAsync(name);
        current["spec"]!["size"] = 5;
        current["status"] = new JsonObject { ["phase"] = "Hacked" };

        var updated = TestResources.ToJsonObject(await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(current, TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));

        Assert.Null(updated["status"]);
        Assert.Equal(5, updated["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<int>());
    }

    [Fact]
    public async Task PatchStatus_MergePatch_SetsStatus()
    {
        var name = Names.Unique("w");
        await CreateWidgetAsync(name, 2);
        var patch = new V1Patch("{\"status\":{\"phase\":\"Done\"}}", V1Patch.PatchType.MergePatch);

        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name);

        Assert.Equal("Done", (await GetWidgetAsync(name))["status"]!["phase"]!.ToString());
    }

    [Fact]
    public async Task Create_WithStatus_DropsStatusForResourcesWithSubresource()
    {
        var name = Names.Unique("w");
        var widget = TestResources.Widget(name, 1);
        widget["status"] = new JsonObject { ["phase"] = "Preset" };

        var created = TestResources.ToJsonObject(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural));

        Assert.Null(created["status"]);
    }

    [Fact]
    public async Task ReplaceStatus_BuiltInPod_UpdatesPodStatus()
    {
        var name = Names.Unique("pod");
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, "default");
        pod.Status = new V1PodStatus { Phase = "Running" };

        var updated = await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, "default");

        Assert.Equal("Running", updated.Status.Phase);
        Assert.Equal(1, updated.Metadata.Generation);
    }

    private async Task CreateWidgetAsync(string name, int size) =>
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(TestResources.Widget(name, size), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural);

    private async Task<JsonObject> GetWidgetAsync(string name) =>
        TestResources.ToJsonObject(await _client.CustomObjects.GetNamespacedCustomObjectAsync(TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name));
}
