using k8s;
using k8s.Models;
using KubeTune.DevCluster.Defaulting;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Defaulting;

public sealed class PodDefaultsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Theory]
    [InlineData("busybox", "Always")]
    [InlineData("busybox:latest", "Always")]
    [InlineData("localhost:5000/trainer", "Always")]
    [InlineData("localhost:5000/trainer:v1", "IfNotPresent")]
    [InlineData("ghcr.io/kubetune/trainer@sha256:0123", "IfNotPresent")]
    public void PullPolicyFor_ImageReference_MatchesApiServer(string image, string expected) =>
        Assert.Equal(expected, PodDefaults.PullPolicyFor(image));

    [Fact]
    public async Task Create_PodWithoutDefaults_GetsRestartPolicyGracePeriodAndContainerDefaults()
    {
        var name = Names.Unique("pod");

        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new() { Name = name }, Spec = new() { Containers = [new() { Name = "main", Image = "busybox:1.36" }] } }, "default");

        Assert.Equal("Always", pod.Spec.RestartPolicy);
        Assert.Equal(30, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("ClusterFirst", pod.Spec.DnsPolicy);
        Assert.True(pod.Spec.EnableServiceLinks);
        Assert.Equal("File", pod.Spec.Containers[0].TerminationMessagePolicy);
        Assert.Equal("IfNotPresent", pod.Spec.Containers[0].ImagePullPolicy);
    }
}
