using KubeTune.Operator.Hosting;

namespace KubeTune.Operator.Tests.Hosting;

public sealed class KubernetesConfigurationLoaderTests
{
    [Theory]
    [InlineData("/etc/kube/a.yaml", "/etc/kube/a.yaml")]
    [InlineData("/etc/kube/a.yaml:/etc/kube/b.yaml", "/etc/kube/a.yaml")]
    [InlineData(" :/etc/kube/b.yaml", "/etc/kube/b.yaml")]
    public void DefaultKubeconfig_KubeconfigVariableSet_ItsFirstFile(string variable, string expected)
    {
        Assert.Equal(expected, KubernetesConfigurationLoader.DefaultKubeconfig(variable));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void DefaultKubeconfig_NoKubeconfigVariable_TheHomeFolderConfig(string? variable)
    {
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config"), KubernetesConfigurationLoader.DefaultKubeconfig(variable));
    }
}
