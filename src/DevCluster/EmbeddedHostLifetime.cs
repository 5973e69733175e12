using Microsoft.Extensions.Hosting;

namespace KubeTune.DevCluster;

/// <summary>
/// Keeps the web host from taking the process's signals (the console lifetime swallows SIGTERM and Ctrl-C):
/// the cluster is stopped by disposing it, and the process that embeds it decides what signals mean.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
