using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Faults;

public sealed class FaultInjectorTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes _client = cluster.Client;

    [Fact]
    public async Task FailNext_MatchingRequest_FailsOnceWithStatusThenSucceeds()
    {
        var name = Names.Unique("cm");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        cluster.Host.Faults.FailNext(method: "PATCH", pathContains: $"/configmaps/{name}", statusCode: 409, times: 1);
        var patch = new V1Patch("""{"data":{"key":"x"}}""", V1Patch.PatchType.MergePatch);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, "default"));
        var retried = await _client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, "default");

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Status", status["kind"]!.ToString());
        Assert.Equal("Conflict", status["reason"]!.ToString());
        Assert.Equal("x", retried.Data["key"]);
        Assert.Equal(0, cluster.Host.Faults.Pending);
    }

    [Fact]
    public async Task FailNext_OtherMethod_DoesNotFire()
    {
        var name = Names.Unique("cm");
        cluster.Host.Faults.FailNext(method: "DELETE", pathContains: $"/configmaps/{name}", statusCode: 500);

        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(TestResources.ConfigMap(name), "default");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.DeleteNamespacedConfigMapAsync(name, "default"));

        Assert.Equal(name, created.Metadata.Name);
        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        Assert.Equal("InternalError", JsonNode.Parse(error.Response.Content)!["reason"]!.ToString());
    }
}
