using System.Text.Json.Nodes;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

/// <summary>A real <see cref="DevClusterHost"/> running Jobs and pods, without backoff delays, in a private pods folder.</summary>
internal sealed class WorkloadCluster : IAsyncDisposable
{
    private WorkloadCluster(DevClusterHost host, string podsDirectory)
    {
        Host = host;
        PodsDirectory = podsDirectory;
    }

    public DevClusterHost Host { get; }

    public string PodsDirectory { get; }

    public ClusterStore Store => Host.Store;

    public WorkloadRunner Workloads => Host.Workloads!;

    public static async Task<WorkloadCluster> StartAsync(Func<WorkloadOptions, WorkloadOptions>? configure = null, TimeProvider? time = null)
    {
        var podsDirectory = Path.Combine(Path.GetTempPath(), "kt-devjobs-tests", Guid.NewGuid().ToString("N"));
        var workloads = new WorkloadOptions { PodsDirectory = podsDirectory, PodFailureBackoff = TimeSpan.Zero, ImagePullBackOffAfter = TimeSpan.Zero };
        var options = new DevClusterOptions { RunJobs = true, Workloads = configure?.Invoke(workloads) ?? workloads, TimeProvider = time ?? TimeProvider.System };
        return new WorkloadCluster(await DevClusterHost.StartAsync(options), podsDirectory);
    }

    public JsonObject CreatePod(string json) => Store.Create(GroupVersionResource.Pods, "default", JsonNode.Parse(json)!.AsObject());

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(PodsDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
