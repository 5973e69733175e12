using System.Net;
using k8s;
using k8s.Autorest;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Selection;

public sealed class SelectorListTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client = cluster.Client;

    [Fact]
    public async Task List_EqualityAndSetBasedLabelSelectors_ReturnOnlyMatches()
    {
        var run = Names.Unique("run");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap("a-" + run, new Dictionary<string, string> { ["run"] = run, ["env"] = "prod" }), "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap("b-" + run, new Dictionary<string, string> { ["run"] = run, ["env"] = "dev" }), "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap("c-" + run, new Dictionary<string, string> { ["run"] = run }), "default");

        async Task<string[]> NamesFor(string selector) =>
            [.. (await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: $"run={run},{selector}")).Items.Select(item => item.Metadata.Name[..1])];

        Assert.Equal(["a"], await NamesFor("env=prod"));
        Assert.Equal(["b", "c"], await NamesFor("env!=prod"));
        Assert.Equal(["a", "b"], await NamesFor("env in (prod,dev)"));
        Assert.Equal(["b", "c"], await NamesFor("env notin (prod)"));
        Assert.Equal(["a", "b"], await NamesFor("env"));
        Assert.Equal(["c"], await NamesFor("!env"));
    }

    [Fact]
    public async Task List_FieldSelectorOnNameAndNamespace_ReturnsOnlyMatches()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "kube-system");

        var byName = await _client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.name={name}");
        var byNameAndNamespace = await _client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.name={name},metadata.namespace=kube-system");
        var excluded = await _client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.name={name},metadata.namespace!=kube-system");

        Assert.Equal(2, byName.Items.Count);
        Assert.Equal("kube-system", Assert.Single(byNameAndNamespace.Items).Metadata.NamespaceProperty);
        Assert.Equal("default", Assert.Single(excluded.Items).Metadata.NamespaceProperty);
    }

    [Fact]
    public async Task List_UnsupportedFieldSelector_Returns400()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "spec.nodeName=x"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Contains("spec.nodeName", error.Response.Content, StringComparison.Ordinal);
    }
}
