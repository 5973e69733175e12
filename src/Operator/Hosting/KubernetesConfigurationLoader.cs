using k8s;

namespace KubeTune.Operator.Hosting;

/// <summary>Chooses how to reach the API server: --kubeconfig FILE, else in-cluster, else the default kubeconfig.</summary>
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
            : KubernetesClientConfiguration.BuildDefaultConfig();
    }
}
