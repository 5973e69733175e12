using System.Net;
using System.Net.Http.Headers;
using System.Text;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;
using KubeTune.Contracts;

namespace KubeTune.DevCluster.Tests.Http;

/// <summary>dryRun=All writes nothing; fieldValidation decides what happens to unknown fields of custom resources.</summary>
public sealed class WriteOptionsTests : IClassFixture<ClusterFixture>
{
    private static readonly GroupVersionResource Widgets = new(TestResources.WidgetGroup, TestResources.WidgetVersion, TestResources.WidgetPlural);
    private readonly ClusterFixture _cluster;
    private readonly Kubectl _kubectl;

    public WriteOptionsTests(ClusterFixture cluster)
    {
        _cluster = cluster;
        _kubectl = new Kubectl(cluster);
        TestResources.EnsureWidgetCrd(cluster.Host);
    }

    [Fact]
    public async Task KubectlApplyDryRunServer_NewAndChangedWidget_NothingWritten()
    {
        var name = Names.Unique("w");
        var created = (await _kubectl.RunAsync("apply", "--dry-run=server", "-f", WidgetManifest(name, "size: 3"))).ShouldSucceed();
        Assert.Contains($"widget.test.kubetune.io/{name} created (server dry run)", created.Stdout, StringComparison.Ordinal);
        Assert.Null(_cluster.Host.Store.TryGet(Widgets, "default", name));

        (await _kubectl.RunAsync("apply", "-f", WidgetManifest(name, "size: 3"))).ShouldSucceed();
        var before = _cluster.Host.Store.Get(Widgets, "default", name);
        var changed = (await _kubectl.RunAsync("apply", "--dry-run=server", "-f", WidgetManifest(name, "size: 4"), "-o", "yaml")).ShouldSucceed();

        Assert.Equal("4", YamlJson.Parse(changed.Stdout, "kubectl apply -o yaml")!["spec"]!["size"]!.ToString());
        Assert.Equal(before.ToJsonString(), _cluster.Host.Store.Get(Widgets, "default", name).ToJsonString());
    }

    [Fact]
    public async Task KubectlDeleteDryRunServer_Widget_StillThere()
    {
        var name = Names.Unique("w");
        (await _kubectl.RunAsync("apply", "-f", WidgetManifest(name, "size: 2"))).ShouldSucceed();

        var result = (await _kubectl.RunAsync("delete", "widgets", name, "--dry-run=server")).ShouldSucceed();

        Assert.Contains($"widget.test.kubetune.io \"{name}\" deleted (server dry run)", result.Stdout, StringComparison.Ordinal);
        Assert.NotNull(_cluster.Host.Store.TryGet(Widgets, "default", name));
    }

    [Fact]
    public async Task DryRunAll_CreatePatchDeleteThroughClient_ReturnsWouldBeObjectsAndResourceVersionStays()
    {
        var name = Names.Unique("job");
        var existing = await _cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name + "-cm"), "default");
        var version = _cluster.Host.Store.CurrentResourceVersion;

        var job = await _cluster.Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new() { Name = name },
            Spec = new() { Template = new() { Spec = new() { RestartPolicy = "Never", Containers = [new() { Name = "main", Image = "busybox" }] } } },
        }, "default", dryRun: "All");
        var patched = await _cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"added":"yes"}}""", V1Patch.PatchType.MergePatch), existing.Metadata.Name, "default", dryRun: "All");
        await _cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync(existing.Metadata.Name, "default", dryRun: "All");

        Assert.Equal(6, job.Spec.BackoffLimit);
        Assert.False(string.IsNullOrEmpty(job.Metadata.Uid));
        Assert.Null(_cluster.Host.Store.TryGet(GroupVersionResource.Jobs, "default", name));
        Assert.Equal("yes", patched.Data["added"]);
        Assert.DoesNotContain("added", _cluster.Host.Store.Get(GroupVersionResource.ConfigMaps, "default", existing.Metadata.Name)["data"]?.AsObject().Select(pair => pair.Key) ?? []);
        Assert.Equal(version, _cluster.Host.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task KubectlApplyValidateStrict_UnknownField_RejectedNamingTheField()
    {
        var name = Names.Unique("w");

        var result = await _kubectl.RunAsync("apply", "--validate=strict", "-f", WidgetManifest(name, "size: 3\n  shape: round"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.shape\"", result.Stderr, StringComparison.Ordinal);
        Assert.Null(_cluster.Host.Store.TryGet(Widgets, "default", name));
    }

    [Fact]
    public async Task KubectlApplyValidateWarn_UnknownField_WarnsAndDropsIt()
    {
        var name = Names.Unique("w");

        var result = (await _kubectl.RunAsync("apply", "--validate=warn", "-f", WidgetManifest(name, "size: 3\n  shape: round"))).ShouldSucceed();

        Assert.Contains("Warning: unknown field \"spec.shape\"", result.Stderr, StringComparison.Ordinal);
        Assert.Null(_cluster.Host.Store.Get(Widgets, "default", name)["spec"]!["shape"]);
    }

    [Fact]
    public async Task Create_FieldValidationIgnore_NoWarningHeader()
    {
        using var response = await PostWidgetAsync("Ignore", Names.Unique("w"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Warning"));
    }

    [Fact]
    public async Task Create_FieldValidationUnknownValue_BadRequest()
    {
        using var response = await PostWidgetAsync("Loose", Names.Unique("w"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fieldValidation", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostWidgetAsync(string fieldValidation, string name)
    {
        using var http = new HttpClient { BaseAddress = _cluster.Host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _cluster.Host.ClientConfiguration.AccessToken);
        var body = $$$"""{"apiVersion": "test.kubetune.io/v1", "kind": "Widget", "metadata": {"name": "{{{name}}}"}, "spec": {"size": 1, "shape": "round"}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await http.PostAsync($"apis/test.kubetune.io/v1/namespaces/default/widgets?fieldValidation={fieldValidation}", content);
    }

    private string WidgetManifest(string name, string spec)
    {
        var path = Path.Combine(_cluster.Directory, $"{name}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"apiVersion: test.kubetune.io/v1\nkind: Widget\nmetadata:\n  name: {name}\nspec:\n  {spec}\n");
        return path;
    }
}
