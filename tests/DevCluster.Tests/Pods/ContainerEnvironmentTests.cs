using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Pods;

/// <summary>The kubelet's env and envFrom from Secrets and ConfigMaps made with the real kubectl, as a trainer pod with an HF_TOKEN Secret uses them.</summary>
public sealed class ContainerEnvironmentTests(ShellClusterFixture cluster) : IClassFixture<ShellClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task Run_EnvFromSecretAndConfigMapMadeByKubectl_KeysBecomeVariablesAndEnvOverridesThem()
    {
        var secret = Names.Unique("hf-token");
        var settings = Names.Unique("settings");
        (await _kubectl.RunAsync("create", "secret", "generic", secret, "--from-literal=HF_TOKEN=hf_secret_value", "--from-literal=OTHER=from-secret")).ShouldSucceed();
        (await _kubectl.RunAsync("create", "configmap", settings, "--from-literal=MODE=fast", "--from-literal=OTHER=from-configmap")).ShouldSucceed();
        var name = Names.Unique("env");

        CreatePod(name, "echo \"token=$HF_TOKEN mode=$CFG_MODE other=$OTHER key=$KEY\"", new JsonObject
        {
            ["envFrom"] = JsonNode.Parse($$$"""[{"secretRef": {"name": "{{{secret}}}"}}, {"configMapRef": {"name": "{{{settings}}}"}, "prefix": "CFG_"}, {"secretRef": {"name": "absent", "optional": true}}]"""),
            ["env"] = JsonNode.Parse("""[{"name": "OTHER", "value": "from-env"}, {"name": "KEY", "valueFrom": {"secretKeyRef": {"name": "SECRET", "key": "HF_TOKEN"}}}]""".Replace("SECRET", secret, StringComparison.Ordinal)),
        });
        await ClusterWait.ForAsync(cluster.Host.Store, GroupVersionResource.Pods, "default", name, pod => pod.Phase() is "Succeeded" or "Failed", "a final phase");

        var logs = (await _kubectl.RunAsync("logs", name)).ShouldSucceed().Stdout;
        Assert.StartsWith("token=hf_secret_value mode=fast other=from-env key=hf_secret_value\n", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EnvFromMissingSecret_CreateContainerConfigErrorNamingIt()
    {
        var name = Names.Unique("nosecret");

        CreatePod(name, "echo never", new JsonObject { ["envFrom"] = JsonNode.Parse("""[{"secretRef": {"name": "hf-token-missing"}}]""") });

        var pod = await ClusterWait.ForAsync(cluster.Host.Store, GroupVersionResource.Pods, "default", name,
            pod => pod.ContainerState("waiting")?["reason"].Text() == "CreateContainerConfigError", "CreateContainerConfigError");
        Assert.Contains("secrets \"hf-token-missing\" not found", pod.ContainerState("waiting")!["message"].Text(), StringComparison.Ordinal);
        cluster.Host.Store.Delete(GroupVersionResource.Pods, "default", name);
    }

    [Fact]
    public void Create_SecretWithStringData_MergedIntoDataAsBase64()
    {
        var name = Names.Unique("plain");

        var stored = cluster.Host.Store.Create(GroupVersionResource.Secrets, "default", JsonNode.Parse(
            $$$"""{"metadata": {"name": "{{{name}}}"}, "data": {"A": "YQ==", "B": "Yg=="}, "stringData": {"B": "two", "C": "three"}}""")!.AsObject());

        Assert.Null(stored["stringData"]);
        Assert.Equal("Opaque", stored["type"].Text());
        Assert.Equal(("YQ==", "dHdv", "dGhyZWU="), (stored["data"]!["A"].Text(), stored["data"]!["B"].Text(), stored["data"]!["C"].Text()));
    }

    private void CreatePod(string name, string script, JsonObject environment)
    {
        var container = new JsonObject { ["name"] = "main", ["image"] = ShellClusterFixture.ShellImage, ["args"] = new JsonArray(script) };
        foreach (var (key, value) in environment)
        {
            container[key] = value?.DeepClone();
        }

        cluster.Host.Store.Create(GroupVersionResource.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["restartPolicy"] = "Never", ["containers"] = new JsonArray(container) },
        });
    }
}
