using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Patching;

/// <summary>kubectl apply --server-side (what Flux and Argo CD use) against the dev cluster, with the real kubectl.</summary>
public sealed class ServerSideApplyTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly GroupVersionResource Widgets = new("test.kubetune.io", "v1", "widgets");
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task ApplyServerSideTwice_SecondChangesNothingAndKubectlOwnsTheFields()
    {
        var name = Names.Unique("ssa");
        (await _kubectl.RunAsync("apply", "--server-side", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        var manifest = Manifest(name, "size: 3", "team: a");

        var first = (await _kubectl.RunAsync("apply", "--server-side", "-f", manifest)).ShouldSucceed();
        var stored = cluster.Host.Store.Get(Widgets, "default", name);
        var second = (await _kubectl.RunAsync("apply", "--server-side", "-f", manifest)).ShouldSucceed();

        Assert.Equal($"widget.test.kubetune.io/{name} serverside-applied\n", first.Stdout);
        Assert.Equal($"widget.test.kubetune.io/{name} serverside-applied\n", second.Stdout);
        Assert.Equal("", second.Stderr);
        var again = cluster.Host.Store.Get(Widgets, "default", name);
        Assert.Equal(ObjectMetadata.ResourceVersion(stored), ObjectMetadata.ResourceVersion(again));
        var entry = Assert.Single(again["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal(("kubectl", "Apply", "test.kubetune.io/v1"), (entry["manager"]!.ToString(), entry["operation"]!.ToString(), entry["apiVersion"]!.ToString()));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"f:metadata":{"f:labels":{"f:team":{}}},"f:spec":{"f:size":{}}}"""),
            entry["fieldsV1"]));
    }

    [Fact]
    public async Task ApplyServerSide_FieldOwnedByAnotherManager_ConflictNamingFieldAndManagerThenForceTakesIt()
    {
        var name = Names.Unique("ssa");
        (await _kubectl.RunAsync("apply", "--server-side", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "--server-side", "--field-manager=flux", "-f", Manifest(name, "size: 3"))).ShouldSucceed();

        var conflict = await _kubectl.RunAsync("apply", "--server-side", "--field-manager=argocd", "-f", Manifest(name, "size: 5"));
        var unchanged = cluster.Host.Store.Get(Widgets, "default", name);
        var forced = (await _kubectl.RunAsync("apply", "--server-side", "--field-manager=argocd", "--force-conflicts", "-f", Manifest(name, "size: 5"))).ShouldSucceed();

        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"flux\" using test.kubetune.io/v1: .spec.size", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, unchanged["spec"]!["size"]!.GetValue<long>());
        Assert.Contains("serverside-applied", forced.Stdout, StringComparison.Ordinal);
        var stored = cluster.Host.Store.Get(Widgets, "default", name);
        Assert.Equal(5, stored["spec"]!["size"]!.GetValue<long>());
        var managers = stored["metadata"]!["managedFields"]!.AsArray().Select(entry => entry!["manager"]!.ToString()).ToList();
        Assert.Equal(["argocd"], managers);
    }

    [Fact]
    public async Task ApplyServerSide_FieldDroppedFromTheManifest_RemovedUnlessAnotherManagerOwnsIt()
    {
        var name = Names.Unique("ssa");
        (await _kubectl.RunAsync("apply", "--server-side", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "--server-side", "-f", Manifest(name, "size: 3\n  color: red", "team: a"))).ShouldSucceed();
        (await _kubectl.RunAsync("label", "widget", name, "cost=gpu")).ShouldSucceed();

        (await _kubectl.RunAsync("apply", "--server-side", "-f", Manifest(name, "size: 3"))).ShouldSucceed();

        var stored = cluster.Host.Store.Get(Widgets, "default", name);
        Assert.Equal("blue", stored["spec"]!["color"]!.ToString()); // red is gone; the schema's default fills the field again
        Assert.Null(stored["metadata"]!["labels"]!["team"]);
        Assert.Equal("gpu", stored["metadata"]!["labels"]!["cost"]!.ToString());
        var managers = stored["metadata"]!["managedFields"]!.AsArray().Select(entry => $"{entry!["manager"]}/{entry["operation"]}").Order(StringComparer.Ordinal);
        Assert.Equal(["kubectl-label/Update", "kubectl/Apply"], managers);
    }

    [Fact]
    public async Task ApplyServerSide_WrongKindForTheUrlOrNoFieldManager_ClearErrors()
    {
        var name = Names.Unique("ssa");
        (await _kubectl.RunAsync("apply", "--server-side", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        var configuration = cluster.Host.ClientConfiguration;
        using var http = new HttpClient { BaseAddress = new Uri(configuration.Host) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", configuration.AccessToken);
        var url = $"/apis/test.kubetune.io/v1/namespaces/default/widgets/{name}";

        var noManager = await http.PatchAsync(url, Body("apiVersion: test.kubetune.io/v1\nkind: Widget\nspec: {size: 1}\n"));
        var wrongKind = await http.PatchAsync(url + "?fieldManager=me", Body("apiVersion: v1\nkind: ConfigMap\n"));

        Assert.Equal(422, (int)noManager.StatusCode);
        Assert.Contains("fieldManager: Required value: is required for apply patch", await noManager.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(400, (int)wrongKind.StatusCode);
        Assert.Contains("this URL takes test.kubetune.io/v1 Widget", await wrongKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Body(string yaml) => new(yaml, System.Text.Encoding.UTF8, "application/apply-patch+yaml");

    private string Manifest(string name, string spec, string? label = null)
    {
        var path = Path.Combine(cluster.Directory, $"{name}-{Guid.NewGuid():N}.yaml");
        var labels = label is null ? "" : $"\n  labels: {{{label}}}";
        File.WriteAllText(path, $"apiVersion: test.kubetune.io/v1\nkind: Widget\nmetadata:\n  name: {name}{labels}\nspec:\n  {spec}\n");
        return path;
    }
}
