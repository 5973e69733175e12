using KubeTune.DevCluster.Protobuf;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Protobuf;

/// <summary>kubectl create sends protobuf bodies for built-in kinds whatever the server advertises.</summary>
public sealed class KubernetesProtobufTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task KubectlCreateConfigMap_FromLiterals_StoredWithData()
    {
        var name = Names.Unique("cm");

        var result = (await _kubectl.RunAsync("create", "configmap", name, "--from-literal=a=b", "--from-literal=c=d")).ShouldSucceed();

        Assert.Contains($"configmap/{name} created", result.Stdout, StringComparison.Ordinal);
        var stored = cluster.Host.Store.Get(GroupVersionResource.ConfigMaps, "default", name);
        Assert.Equal("""{"a":"b","c":"d"}""", stored["data"]!.ToJsonString());
        Assert.Null(stored["metadata"]!["generateName"]);
    }

    [Fact]
    public async Task KubectlCreateSecretGeneric_FromLiteral_StoredBase64WithTypeOpaque()
    {
        var name = Names.Unique("secret");

        (await _kubectl.RunAsync("create", "secret", "generic", name, "--from-literal=password=hunter2")).ShouldSucceed();

        var stored = cluster.Host.Store.Get(GroupVersionResource.Secrets, "default", name);
        Assert.Equal(Convert.ToBase64String("hunter2"u8.ToArray()), stored["data"]!["password"]!.ToString());
        Assert.Equal("Opaque", stored["type"]!.ToString());
    }

    [Fact]
    public async Task KubectlCreateNamespace_Created()
    {
        var name = Names.Unique("ns");

        (await _kubectl.RunAsync("create", "namespace", name)).ShouldSucceed();

        Assert.Equal("Active", cluster.Host.Store.Get(GroupVersionResource.Namespaces, null, name)["status"]!["phase"]!.ToString());
    }

    [Fact]
    public async Task KubectlCreateJob_KindWithoutProtobufDecoder_FailsNamingKindAndJson()
    {
        var result = await _kubectl.RunAsync("create", "job", Names.Unique("job"), "--image=busybox");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not batch/v1 Job: send application/json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BodyWithoutMagic_BadRequest()
    {
        var error = Assert.Throws<StatusException>(() => KubernetesProtobuf.Decode("{}"u8));

        Assert.Equal(400, error.Code);
        Assert.Contains("k8s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedField_FormatException()
    {
        // Magic, then field 1 (length-delimited) claiming 100 bytes that are not there.
        byte[] body = [.. "k8s\0"u8, 0x0a, 100, 1, 2];

        Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode(body));
    }

    [Fact]
    public void Decode_RawObjectLongerThanTheBody_FormatExceptionSayingTheInputEnded()
    {
        // Magic, then field 2 (raw, length-delimited) claiming 100 bytes where 2 follow.
        byte[] body = [.. "k8s\0"u8, 0x12, 100, 1, 2];

        var error = Assert.Throws<FormatException>(() => KubernetesProtobuf.Decode(body));

        Assert.Contains("the input ended unexpectedly", error.Message, StringComparison.Ordinal);
    }
}
