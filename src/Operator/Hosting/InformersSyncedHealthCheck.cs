using KubeTune.Operator.Runtime.Informers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KubeTune.Operator.Hosting;

/// <summary>Ready once every informer's cache has synced, so a new replica is not sent traffic or counted early.</summary>
public sealed class InformersSyncedHealthCheck(IEnumerable<IInformer> informers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = informers.Where(informer => !informer.HasSynced).Select(informer => informer.Resource).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("caches synced")
            : HealthCheckResult.Unhealthy($"waiting for caches: {string.Join(", ", waiting)}"));
    }
}
