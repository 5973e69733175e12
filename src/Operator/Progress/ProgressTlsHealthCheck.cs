using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KubeTune.Operator.Progress;

/// <summary>Ready once the progress endpoint has a certificate to serve (trainers' handshakes fail before).</summary>
public sealed class ProgressTlsHealthCheck(ProgressCertificates certificates) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(certificates.Ready
            ? HealthCheckResult.Healthy($"progress TLS: {certificates.Mode}")
            : HealthCheckResult.Unhealthy($"waiting for the progress CA in Secret {certificates.CaNamespace}/{certificates.CaSecretName}: {certificates.LastError ?? "loading"}"));
}
