using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.DevCluster.Http;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Http;

public sealed class TableTests : IClassFixture<ClusterFixture>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private readonly ClusterFixture _cluster;

    public TableTests(ClusterFixture cluster)
    {
        _cluster = cluster;
        TestResources.EnsureWidgetCrd(cluster.Host);
    }

    [Fact]
    public async Task List_WithTableAccept_ReturnsPrinterColumnsAndCells()
    {
        var name = Names.Unique("w");
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(TestResources.Widget(name, 7), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural);
        await _cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new k8s.Models.V1Patch("""{"status":{"phase":"Ready"}}""", k8s.Models.V1Patch.PatchType.MergePatch), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural, name);

        var table = await GetTableAsync($"apis/test.kubetune.io/v1/namespaces/default/widgets/{name}");

        Assert.Equal("Table", table["kind"]!.ToString());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.ToString());
        Assert.Equal(["Name", "Phase", "Size", "Age"], table["columnDefinitions"]!.AsArray().Select(column => column!["name"]!.ToString()));
        var cells = Assert.Single(table["rows"]!.AsArray())!["cells"]!.AsArray();
        Assert.Equal(name, cells[0]!.ToString());
        Assert.Equal("Ready", cells[1]!.ToString());
        Assert.Equal(7, cells[2]!.GetValue<long>());
        Assert.EndsWith("s", cells[3]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NamespacesWithTableAccept_ReturnsNameStatusAge()
    {
        var table = await GetTableAsync("api/v1/namespaces");

        Assert.Equal(["Name", "Status", "Age"], table["columnDefinitions"]!.AsArray().Select(column => column!["name"]!.ToString()));
        Assert.Contains(table["rows"]!.AsArray(), row => row!["cells"]![0]!.ToString() == "default" && row["cells"]![1]!.ToString() == "Active");
    }

    [Fact]
    public async Task List_KindWithoutServerColumnsWithTableAccept_ReturnsNameAndAge()
    {
        var table = await GetTableAsync("api/v1/namespaces/default/services");

        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(column => column!["name"]!.ToString()));
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(150, "2m30s")]
    [InlineData(3600 * 5, "5h")]
    [InlineData(3600 * 30, "30h")]
    [InlineData(3600 * 24 * 3 + 3600 * 4, "3d4h")]
    public void HumanDuration_Format_MatchesKubectlStyle(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void SimpleJsonPath_FilterExpression_FindsConditionStatus()
    {
        var obj = JsonNode.Parse("""{"status":{"conditions":[{"type":"A","status":"False"},{"type":"Ready","status":"True"}]}}""");

        Assert.Equal("True", SimpleJsonPath.Evaluate(obj, """.status.conditions[?(@.type=="Ready")].status""")!.ToString());
        Assert.Null(SimpleJsonPath.Evaluate(obj, ".status.missing"));
    }

    private async Task<JsonNode> GetTableAsync(string relativeUrl)
    {
        using var http = new HttpClient { BaseAddress = _cluster.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUrl);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(TableAccept));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
