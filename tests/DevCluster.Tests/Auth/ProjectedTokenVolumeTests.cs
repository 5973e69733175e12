using System.Text.Json.Nodes;
using KubeTune.DevCluster.Auth;
using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Pods;
using KubeTune.DevCluster.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.DevCluster.Tests.Auth;

/// <summary>Projected serviceAccountToken volumes: the pod runner writes a pod-bound token where the process finds it, and rotates it.</summary>
public sealed class ProjectedTokenVolumeTests
{
    private const string Audience = "kubetune.io/default/bert";

    private const string TokenPod = """
        {"metadata": {"name": "reader", "labels": {"kubetune.io/job": "bert"}}, "spec": {"restartPolicy": "Never",
          "volumes": [{"name": "kubetune-token", "projected": {"sources": [{"serviceAccountToken": {"audience": "kubetune.io/default/bert", "expirationSeconds": 600, "path": "token"}}]}}],
          "containers": [{"name": "main", "image": "local/reader",
            "env": [{"name": "KUBETUNE_TOKEN_FILE", "value": "/var/run/secrets/kubetune/token"}],
            "volumeMounts": [{"name": "kubetune-token", "mountPath": "/var/run/secrets/kubetune", "readOnly": true}]}]}}
        """;

    [Fact]
    public async Task Run_PodWithProjectedTokenVolume_ProcessReadsTokenThatReviewsAsThePod()
    {
        await using var cluster = await WorkloadCluster.StartAsync(options => options with
        {
            ImageCommands = new() { ["local/reader"] = new ImageCommand(["/bin/sh", "-c", "cat \"$KUBETUNE_TOKEN_FILE\" > seen-token && echo \"$KUBETUNE_TOKEN_FILE\" > seen-path"]) },
        });
        var created = cluster.CreatePod(TokenPod);

        await ClusterWait.ForAsync(cluster.Store, GroupVersionResource.Pods, "default", "reader", pod => pod.Phase() is "Succeeded" or "Failed", "a final phase");

        var podDirectory = cluster.Workloads.Pods.PodDirectory("default", "reader");
        var token = (await File.ReadAllTextAsync(Path.Combine(podDirectory, "seen-token"))).Trim();
        var path = (await File.ReadAllTextAsync(Path.Combine(podDirectory, "seen-path"))).Trim();
        Assert.StartsWith(Path.GetFullPath(podDirectory), path, StringComparison.Ordinal);
        var check = cluster.Host.Tokens.Check(token, [Audience]);
        Assert.True(check.Authenticated, check.Error);
        Assert.Equal("reader", check.Claims!.PodName);
        Assert.Equal(ObjectMetadata.Uid(created), check.Claims.PodUid);
        Assert.Equal("system:serviceaccount:default:default", check.Claims.UserName);
        Assert.Equal(TimeSpan.FromSeconds(600), check.Claims.ExpiresAt - check.Claims.IssuedAt);
    }

    [Fact]
    public async Task Start_TokenAgesPastEightyPercent_FileRewrittenWithFreshToken()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var issuer = new ServiceAccountTokenIssuer(time);
        var pod = JsonNode.Parse(TokenPod)!.AsObject();
        pod["metadata"]!["namespace"] = "default";
        var directory = Path.Combine(Path.GetTempPath(), "kt-progress-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var files = new ProjectedTokenWriter(issuer).Start(pod, pod["spec"]!["containers"]![0]!.AsObject(), directory);
            var file = Assert.Single(files.Tokens).File;
            var first = await File.ReadAllTextAsync(file);

            time.Advance(TimeSpan.FromSeconds(479));
            var beforeRotation = files.Writes;
            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => files.Writes == 2, "the token rewritten at 80% of its lifetime");

            var second = await File.ReadAllTextAsync(file);
            Assert.Equal(1, beforeRotation);
            Assert.NotEqual(first, second);
            Assert.Equal("/tmp/x", files.MapPath("/tmp/x"));
            Assert.Equal(file, files.MapPath("/var/run/secrets/kubetune/token"));
            time.Advance(TimeSpan.FromSeconds(200));
            Assert.False(issuer.Check(first, [Audience]).Authenticated);
            Assert.True(issuer.Check(second, [Audience]).Authenticated);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Find_TokenPathEscapingTheVolume_FormatErrorNamesTheVolume()
    {
        var pod = JsonNode.Parse(TokenPod.Replace("\"path\": \"token\"", "\"path\": \"../token\"", StringComparison.Ordinal))!.AsObject();

        var error = Assert.Throws<FormatException>(() => ProjectedTokenWriter.Find(pod, pod["spec"]!["containers"]![0]!.AsObject()));

        Assert.Contains("kubetune-token", error.Message, StringComparison.Ordinal);
    }
}
