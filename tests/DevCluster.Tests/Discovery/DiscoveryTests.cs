using System.Text.Json.Nodes;
using k8s;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Discovery;

public sealed class DiscoveryTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public DiscoveryTests(ClusterFixture cluster)
    {
        _cluster = cluster;
        TestResources.EnsureWidgetCrd(cluster.Host);
    }

    [Fact]
    public async Task Version_ThroughClient_Reports132()
    {
        var version = await _cluster.Client.Version.GetCodeAsync();

        Assert.Equal("1", version.Major);
        Assert.Equal("32", version.Minor);
    }

    [Fact]
    public async Task CoreV1_ListsResourcesWithVerbsShortNamesAndStatusSubresource()
    {
        var resources = await _cluster.Client.CoreV1.GetAPIResourcesAsync();

        var pods = Assert.Single(resources.Resources, resource => resource.Name == "pods");
        Assert.True(pods.Namespaced);
        Assert.Equal("Pod", pods.Kind);
        Assert.Contains("po", pods.ShortNames);
        Assert.Contains("watch", pods.Verbs);
        Assert.Contains(resources.Resources, resource => resource.Name == "pods/status");
        Assert.False(Assert.Single(resources.Resources, resource => resource.Name == "namespaces").Namespaced);
        foreach (var plural in new[] { "configmaps", "secrets", "services", "events", "serviceaccounts" })
        {
            Assert.Contains(resources.Resources, resource => resource.Name == plural);
        }
    }

    [Fact]
    public async Task Apis_ListsBuiltInGroupsAndCrdGroup()
    {
        var groups = await _cluster.Client.Apis.GetAPIVersionsAsync();

        var names = groups.Groups.Select(group => group.Name).ToList();
        Assert.Contains("batch", names);
        Assert.Contains("coordination.k8s.io", names);
        Assert.Contains("apiextensions.k8s.io", names);
        Assert.Contains("test.kubetune.io", names);
    }

    [Fact]
    public async Task CrdGroupVersion_ListsCustomResourceWithCategoriesAndStatus()
    {
        using var http = new HttpClient { BaseAddress = _cluster.Host.BaseAddress };

        var list = JsonNode.Parse(await http.GetStringAsync("apis/test.kubetune.io/v1"))!;

        var widgets = Assert.Single(list["resources"]!.AsArray(), resource => resource!["name"]!.ToString() == "widgets")!;
        Assert.Equal("Widget", widgets["kind"]!.ToString());
        Assert.Equal("widget", widgets["singularName"]!.ToString());
        Assert.Equal("wg", widgets["shortNames"]![0]!.ToString());
        Assert.Equal("kubetune", widgets["categories"]![0]!.ToString());
        Assert.Contains(list["resources"]!.AsArray(), resource => resource!["name"]!.ToString() == "widgets/status");
    }

    [Fact]
    public async Task OpenApiV3_GroupVersionDocument_CarriesCrdSchema()
    {
        using var http = new HttpClient { BaseAddress = _cluster.Host.BaseAddress };
        var root = JsonNode.Parse(await http.GetStringAsync("openapi/v3"))!;
        var url = root["paths"]!["apis/test.kubetune.io/v1"]!["serverRelativeURL"]!.ToString();

        var document = JsonNode.Parse(await http.GetStringAsync(url.TrimStart('/')))!;

        var schema = document["components"]!["schemas"]!["io.kubetune.test.v1.Widget"]!;
        Assert.Equal("How big the widget is.", schema["properties"]!["spec"]!["properties"]!["size"]!["description"]!.ToString());
    }
}
