using System.Text.Json.Nodes;
using KubeTune.DevCluster;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>config/default: what `kubectl apply -k config/default` installs.</summary>
public sealed class KustomizeTests
{
    private static readonly HashSet<string> ClusterScopedKinds = ["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"];

    [Fact]
    public async Task Kustomize_DefaultOverlay_EveryObjectHasApiVersionKindAndName()
    {
        var objects = await KustomizeRender.ObjectsAsync();

        Assert.NotEmpty(objects);
        foreach (var item in objects)
        {
            var what = item.ToJsonString()[..Math.Min(120, item.ToJsonString().Length)];
            Assert.False(string.IsNullOrEmpty(item["apiVersion"]?.GetValue<string>()), $"object without apiVersion: {what}");
            Assert.False(string.IsNullOrEmpty(item["kind"]?.GetValue<string>()), $"object without kind: {what}");
            Assert.False(string.IsNullOrEmpty(item["metadata"]?["name"]?.GetValue<string>()), $"object without metadata.name: {what}");
        }
    }

    [Fact]
    public async Task Kustomize_DefaultOverlay_InstallsTheOperatorInKubetuneSystem()
    {
        var objects = await KustomizeRender.ObjectsAsync();

        var kinds = objects.Select(item => item["kind"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service" }, kinds);
        foreach (var item in objects.Where(item => !ClusterScopedKinds.Contains(item["kind"]!.GetValue<string>())))
        {
            Assert.Equal("kubetune-system", item["metadata"]?["namespace"]?.GetValue<string>());
        }

        var crd = Assert.Single(objects, item => item["kind"]!.GetValue<string>() == "CustomResourceDefinition");
        Assert.Equal("finetunejobs.kubetune.io", crd["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kustomize_Deployment_IsHardenedAndProbed()
    {
        var deployment = await KustomizeRender.SingleAsync("Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = Assert.Single(pod["containers"]!.AsArray())!;
        var security = container["securityContext"]!;

        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal("RuntimeDefault", pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>());
        Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(cap => cap!.GetValue<string>()));
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Contains(container["volumeMounts"]!.AsArray(), mount => mount!["mountPath"]!.GetValue<string>() == "/tmp");
        Assert.NotNull(container["resources"]!["requests"]);
        Assert.Equal("true", EnvironmentValue(container, "KUBETUNE_LEADERELECTION__ENABLED"));
    }

    [Fact]
    public async Task Kustomize_ProgressService_IsWhereTheOperatorTellsTrainersToReport()
    {
        var objects = await KustomizeRender.ObjectsAsync();
        var deployment = Assert.Single(objects, item => item["kind"]!.GetValue<string>() == "Deployment");
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var progressUrl = new Uri(EnvironmentValue(container, "KUBETUNE_PROGRESSBASEURL")!);

        var services = objects.Where(item => item["kind"]!.GetValue<string>() == "Service").ToList();
        var progress = Assert.Single(services, service => $"{service["metadata"]!["name"]}.{service["metadata"]!["namespace"]}.svc" == progressUrl.Host);
        Assert.Contains(progress["spec"]!["ports"]!.AsArray(), port => port!["port"]!.GetValue<long>() == progressUrl.Port);
        Assert.Contains(services, service => service["spec"]!["ports"]!.AsArray().Any(port => port!["port"]!.GetValue<long>() == 8080));
    }

    [Fact]
    public async Task Kustomize_DefaultOverlay_DevClusterAcceptsEveryObject()
    {
        var directory = Directory.CreateTempSubdirectory("kubetune-kustomize-").FullName;
        try
        {
            await using var cluster = await DevClusterHost.StartAsync();
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            cluster.WriteKubeconfig(kubeconfig);
            var rendered = Path.Combine(directory, "install.yaml");
            await File.WriteAllTextAsync(rendered, await KustomizeRender.YamlAsync());

            var apply = (await Kubectl.RunAsync("--kubeconfig", kubeconfig, "apply", "-f", rendered)).ShouldSucceed();

            foreach (var item in await KustomizeRender.ObjectsAsync())
            {
                var kind = item["kind"]!.GetValue<string>();
                var name = item["metadata"]!["name"]!.GetValue<string>();
                Assert.Contains($"{name} created", apply.Stdout, StringComparison.Ordinal);
                var ns = item["metadata"]?["namespace"]?.GetValue<string>();
                string[] namespaceArgs = ns is null ? [] : ["--namespace", ns];
                var group = item["apiVersion"]!.GetValue<string>().Contains('/', StringComparison.Ordinal) ? "." + item["apiVersion"]!.GetValue<string>().Split('/')[0] : "";
                (await Kubectl.RunAsync(["--kubeconfig", kubeconfig, "get", $"{kind}{group}/{name}", .. namespaceArgs, "-o", "name"])).ShouldSucceed();
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? EnvironmentValue(JsonNode container, string name) =>
        container["env"]!.AsArray().Single(variable => variable!["name"]!.GetValue<string>() == name)!["value"]?.GetValue<string>();
}
