using System.Text.Json.Nodes;
using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class HostVolumesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "kt-hostvolumes-tests", Guid.NewGuid().ToString("N"));
    private readonly ClusterStore store = new(new ResourceRegistry(), TimeProvider.System, 100);

    public HostVolumesTests() => store.Create(GroupVersionResource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } });

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Prepare_ConfigMapAndClaimMounts_WritesFilesAndMapsPathsInArgsEnvAndJsonConfig()
    {
        store.Create(GroupVersionResource.ConfigMaps, "default", JsonNode.Parse("""
            {"metadata": {"name": "cfg"}, "data": {"job.json": "{\"output\": {\"path\": \"/workspace/output\"}, \"uri\": \"pvc://models/out\"}"}}
            """)!.AsObject());
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "p", "namespace": "default"}, "spec": {
              "volumes": [{"name": "config", "configMap": {"name": "cfg"}}, {"name": "pvc-models", "persistentVolumeClaim": {"claimName": "models"}},
                          {"name": "scratch", "emptyDir": {}}],
              "containers": [{"name": "c", "image": "i", "volumeMounts": [
                {"name": "config", "mountPath": "/etc/kubetune"}, {"name": "pvc-models", "mountPath": "/workspace/output", "subPath": "out"},
                {"name": "scratch", "mountPath": "/workspace/cache"}]}]}}
            """)!.AsObject();
        var podDirectory = Path.Combine(root, "pod");
        var claims = Path.Combine(root, "claims");

        var volumes = HostVolumes.Prepare(store, pod, pod["spec"]!["containers"]![0]!.AsObject(), podDirectory, claims);
        var launch = volumes.MapLaunch(new ContainerLaunch("trainer", ["--config", "/etc/kubetune/job.json"], new Dictionary<string, string> { ["CACHE"] = "/workspace/cache/hf" }, podDirectory));

        var config = Path.Combine(podDirectory, "volumes", "config", "job.json");
        Assert.Equal(["--config", config], launch.Arguments);
        Assert.Equal(Path.Combine(podDirectory, "volumes", "scratch", "hf"), launch.Environment["CACHE"]);
        var written = JsonNode.Parse(File.ReadAllText(config))!;
        Assert.Equal(Path.Combine(claims, "models", "out"), written["output"]!["path"]!.GetValue<string>());
        Assert.Equal("pvc://models/out", written["uri"]!.GetValue<string>());
        Assert.True(Directory.Exists(Path.Combine(claims, "models", "out")));
    }

    [Fact]
    public void Prepare_MissingConfigMap_ThrowsContainerConfigErrorNamingIt()
    {
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "p", "namespace": "default"}, "spec": {"volumes": [{"name": "config", "configMap": {"name": "absent"}}],
              "containers": [{"name": "c", "image": "i", "volumeMounts": [{"name": "config", "mountPath": "/etc/kubetune"}]}]}}
            """)!.AsObject();

        var error = Assert.Throws<ContainerConfigException>(() => HostVolumes.Prepare(store, pod, pod["spec"]!["containers"]![0]!.AsObject(), root, root));

        Assert.Equal("volume config: configmaps \"absent\" not found", error.Message);
    }
}
