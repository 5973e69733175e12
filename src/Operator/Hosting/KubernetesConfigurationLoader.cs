using k8s;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// Chooses how to reach the API server: --kubeconfig FILE, else in-cluster, else the default kubeconfig (the first file
/// of KUBECONFIG, else ~/.kube/config), each file read by <see cref="KubeconfigFile"/> (the client's own loader reflects).
/// </summary>
public static class KubernetesConfigurationLoader
{
    public static KubernetesClientConfiguration Load(OperatorOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Read(options.Kubeconfig));
        }

        return KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Read(DefaultKubeconfig(Environment.GetEnvironmentVariable("KUBECONFIG"))));
    }

    /// <summary>The file kubectl reads first: KUBECONFIG's first entry, else ~/.kube/config.</summary>
    public static string DefaultKubeconfig(string? kubeconfigVariable) =>
        kubeconfigVariable?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
}
