using k8s;

namespace KubeTune.DevCluster.Tests.Support;

/// <summary>One development cluster per test class, with a client, a kubeconfig file and a scratch folder.</summary>
public class ClusterFixture : IAsyncLifetime
{
    private DevClusterHost? _host;

    public DevClusterHost Host => _host ?? throw new InvalidOperationException("the cluster is not started");

    public Kubernetes Client { get; private set; } = null!;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "kubetune-devcluster-tests", Guid.NewGuid().ToString("N"));

    public string KubeconfigPath => Path.Combine(Directory, "kubeconfig");

    protected virtual DevClusterOptions Options => new();

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        _host = await DevClusterHost.StartAsync(Options);
        _host.WriteKubeconfig(KubeconfigPath);
        Client = new Kubernetes(_host.ClientConfiguration);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still exiting may hold its cache; the folder is in the temp directory anyway.
        }
    }
}
