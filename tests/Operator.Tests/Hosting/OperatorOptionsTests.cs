using KubeTune.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace KubeTune.Operator.Tests.Hosting;

public sealed class OperatorOptionsTests
{
    [Fact]
    public void Bind_AppsettingsEnvironmentAndCommandLine_LaterSourcesWin()
    {
        var kubeconfig = Path.GetTempFileName();
        Environment.SetEnvironmentVariable("KUBETUNE_GPURESOURCENAME", "amd.com/gpu");
        try
        {
            var builder = OperatorHost.CreateBuilder(["--kubeconfig", kubeconfig, "--WatchNamespaces", "ml, research"]);

            var options = OperatorServiceCollectionExtensions.BindOptions(builder.Configuration);

            Assert.Equal("amd.com/gpu", options.GpuResourceName);
            Assert.Equal(kubeconfig, options.Kubeconfig);
            Assert.Equal(["ml", "research"], options.Namespaces);
            Assert.Equal("kubetune-operator", options.LeaderElection.LeaseName);
            Assert.Equal(8080, options.MetricsPort);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBETUNE_GPURESOURCENAME", null);
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public void Bind_EmptyWatchNamespaces_WatchesAll()
    {
        var options = OperatorServiceCollectionExtensions.BindOptions(new ConfigurationBuilder().Build());

        Assert.Empty(options.Namespaces);
        Assert.Equal("nvidia.com/gpu", options.GpuResourceName);
        Assert.True(options.LeaderElection.Enabled);
    }

    [Theory]
    [InlineData("Workers", "0", "Workers")]
    [InlineData("MetricsPort", "70000", "MetricsPort")]
    [InlineData("LogFormat", "xml", "LogFormat")]
    [InlineData("kubeconfig", "/nonexistent/kubeconfig.yaml", "--kubeconfig")]
    public void Bind_InvalidSetting_ErrorNamesTheSetting(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => OperatorServiceCollectionExtensions.BindOptions(configuration));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
