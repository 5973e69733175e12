using k8s;
using k8s.KubeConfigModels;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Hosting;

public sealed class ExecCredentialPluginTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("exec-plugin-");

    public void Dispose() => folder.Delete(recursive: true);

    // A kubeconfig user with an exec plugin (EKS, GKE, OIDC): the client writes KUBERNETES_EXEC_INFO and reads the
    // plugin's ExecCredential through the operator's generated JSON (there is no reflection fallback).
    [Fact]
    public void ExecuteExternalCommand_PluginPrintsACredential_TokenReadAndClusterInfoPassed()
    {
        KubernetesJsonOptions.Install();
        var seen = Path.Combine(folder.FullName, "exec-info.json");
        var plugin = Path.Combine(folder.FullName, "get-token");
        File.WriteAllText(plugin, $$$"""
            #!/bin/sh
            printf '%s' "$KUBERNETES_EXEC_INFO" > '{{{seen}}}'
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var credential = KubernetesClientConfiguration.ExecuteExternalCommand(new ExternalExecution
        {
            ApiVersion = "client.authentication.k8s.io/v1",
            Command = plugin,
            Arguments = [],
            EnvironmentVariables = [],
        });

        Assert.Equal("from-plugin", credential.Status.Token);
        Assert.StartsWith("{\"apiVersion\":\"client.authentication.k8s.io/v1\"", File.ReadAllText(seen), StringComparison.Ordinal);
    }
}
