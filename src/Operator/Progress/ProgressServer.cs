using System.Net;
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
/// The progress endpoint on its own Kestrel listener (OperatorOptions.ProgressPort, HTTPS unless Progress:TlsMode is
/// Disabled, the certificate chosen per handshake so that renewals need no restart), apart from /metrics and the health probes. It also forgets the progress of deleted FineTuneJobs.
/// </summary>
public sealed class ProgressServer(
    OperatorOptions operatorOptions,
    ProgressOptions options,
    ProgressEndpoint endpoint,
    ProgressCertificates certificates,
    ProgressStore store,
    ProgressStatusWriter writer,
    ResourceInformer<FineTuneJob> jobs,
    TimeProvider time,
    ILogger<ProgressServer> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan MaxLoadRetry = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? app;
    private Task loading = Task.CompletedTask;

    /// <summary>Where the endpoint listens (port 0 resolved), e.g. http://127.0.0.1:41234/; empty before start.</summary>
    public IReadOnlyList<Uri> Addresses =>
        app?.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)))
            .ToList() ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddEventHandler(ForgetIfDeleted, _ => { });
        var https = options.EffectiveTlsMode != ProgressTlsMode.Disabled;
        if (options.EffectiveTlsMode == ProgressTlsMode.Files)
        {
            // A bad file is a setting that cannot work: fail start-up with the reason rather than at the first handshake.
            await certificates.LoadAsync(cancellationToken).ConfigureAwait(false);
            certificates.Current();
        }
        else if (https)
        {
            // The CA needs the API server, which may be down: keep trying, not ready until it is loaded.
            loading = LoadAuthorityAsync(stopping.Token);
        }

        var builder = WebApplication.CreateSlimBuilder(Hosting.QuietWebApplication.Options([]));
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Listen(IPAddress.IPv6Any, operatorOptions.ProgressPort, listen =>
            {
                if (https)
                {
                    listen.UseHttps(tls => tls.ServerCertificateSelector = (_, _) => certificates.Current());
                }
            });
        });
        app = builder.Build();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Progress endpoint listening on {Addresses} ({Scheme})", string.Join(", ", Addresses), https ? "https" : "http");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await loading.ConfigureAwait(false);
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

        stopping.Dispose();
    }

    private async Task LoadAuthorityAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await certificates.LoadAsync(cancellationToken).ConfigureAwait(false);
                certificates.Current();
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Cannot load the progress CA yet (retrying in {Delay}): {Error}", delay, e.Message);
            }

            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 < MaxLoadRetry ? delay * 2 : MaxLoadRetry;
        }
    }

    // The informer calls its handlers for deletions too: a job no longer cached is gone, and so are its progress and gauges.
    private IEnumerable<ObjectKey> ForgetIfDeleted(FineTuneJob job)
    {
        var key = new ObjectKey(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name);
        if (!jobs.Contains(key.Namespace, key.Name) && store.Remove(key))
        {
            writer.Forget(key);
            logger.LogInformation("FineTuneJob {Job} deleted: its progress and gauges are removed", key);
        }

        return [];
    }
}
