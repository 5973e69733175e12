using System.Net;
using System.Security.Cryptography.X509Certificates;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Progress;

/// <summary>
/// The progress endpoint on its own Kestrel listener (OperatorOptions.ProgressPort, HTTPS when a certificate is
/// configured), apart from /metrics and the health probes. It also forgets the progress of deleted FineTuneJobs.
/// </summary>
public sealed class ProgressServer(
    OperatorOptions operatorOptions,
    ProgressOptions options,
    ProgressEndpoint endpoint,
    ProgressStore store,
    ProgressStatusWriter writer,
    JobMetrics metrics,
    ResourceInformer<FineTuneJob> jobs,
    ILogger<ProgressServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The gauges, created with the server so that they exist from the start.</summary>
    public JobMetrics Metrics => metrics;

    /// <summary>Where the endpoint listens (port 0 resolved), e.g. http://127.0.0.1:41234/; empty before start.</summary>
    public IReadOnlyList<Uri> Addresses =>
        app?.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)))
            .ToList() ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddEventHandler(ForgetIfDeleted, _ => { });
        var certificate = LoadCertificate(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Listen(IPAddress.IPv6Any, operatorOptions.ProgressPort, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        app = builder.Build();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Progress endpoint listening on {Addresses} ({Scheme})", string.Join(", ", Addresses), certificate is null ? "http" : "https");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            app = null;
        }
    }

    private static X509Certificate2? LoadCertificate(ProgressOptions options)
    {
        if (options.CertificatePath.Length == 0)
        {
            return null;
        }

        return options.CertificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || options.CertificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            ? X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, null)
            : X509Certificate2.CreateFromPemFile(options.CertificatePath, options.CertificateKeyPath.Length > 0 ? options.CertificateKeyPath : null);
    }

    // The informer calls its handlers for deletions too: a job no longer cached is gone, and so are its progress and gauges.
    private IEnumerable<ObjectKey> ForgetIfDeleted(FineTuneJob job)
    {
        var key = new ObjectKey(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name);
        if (jobs.Get(key.Namespace, key.Name) is null && store.Remove(key))
        {
            writer.Forget(key);
            logger.LogInformation("FineTuneJob {Job} deleted: its progress and gauges are removed", key);
        }

        return [];
    }
}
