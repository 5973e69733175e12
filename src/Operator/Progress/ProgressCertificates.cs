using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Progress;

/// <summary>
/// The progress endpoint's certificates: in SelfIssued mode the CA from the Secret (created once if absent), its public
/// part published in a ConfigMap, and a serving certificate renewed at two thirds of its lifetime; in Files mode the
/// mounted certificate, re-read when the file changes. <see cref="Current"/> is Kestrel's per-handshake selector.
/// </summary>
public sealed class ProgressCertificates(IKubernetes client, OperatorOptions operatorOptions, ProgressOptions options, TimeProvider time, ILogger<ProgressCertificates> logger) : IDisposable
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private readonly Lock serving = new();
    private ProgressCertificateAuthority? authority;
    private X509Certificate2? current;
    private DateTimeOffset renewAt;
    private DateTime certificateWritten;
    private string? caPem;
    private volatile bool loaded;

    public ProgressTlsMode Mode => options.EffectiveTlsMode;

    /// <summary>True once a certificate can be served (always when progress is plain HTTP).</summary>
    public bool Ready => loaded || Mode == ProgressTlsMode.Disabled;

    /// <summary>Why the last load failed, for the readiness probe; null when it did not.</summary>
    public string? LastError { get; private set; }

    public string CaSecretName => options.CaSecretName;

    /// <summary>The namespace the CA Secret and ConfigMap live in: the setting, else the pod's own (POD_NAMESPACE), else default.</summary>
    public string CaNamespace => options.CaNamespace.Length > 0 ? options.CaNamespace
        : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } podNamespace ? podNamespace : "default";

    /// <summary>The names the serving certificate carries: the progress URL's host in its Service forms, and Progress:ServingNames.</summary>
    public IReadOnlyList<string> ServingNames =>
        ServingCertificateIssuer.NamesFor(new Uri(operatorOptions.ProgressBaseUrl).Host)
            .Concat(options.ServingNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The CA bundle (PEM) trainers trust, loading it first; null when progress is plain HTTP or Files mode names no CA.</summary>
    public async Task<string?> CaPemAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return caPem;
    }

    /// <summary>Loads (SelfIssued: creates if absent) the CA once; a failed load is tried again on the next call.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (loaded)
        {
            return;
        }

        await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (loaded)
            {
                return;
            }

            switch (Mode)
            {
                case ProgressTlsMode.SelfIssued:
                    authority = await LoadOrCreateAuthorityAsync(cancellationToken).ConfigureAwait(false);
                    caPem = authority.CertificatePem;
                    await PublishAsync(caPem, cancellationToken).ConfigureAwait(false);
                    break;
                case ProgressTlsMode.Files:
                    caPem = options.CaPath.Length > 0 ? await File.ReadAllTextAsync(options.CaPath, cancellationToken).ConfigureAwait(false) : null;
                    break;
            }

            loaded = true;
            LastError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LastError = e.Message;
            throw;
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>The certificate to serve now (after <see cref="LoadAsync"/>): renewed or re-read without a restart.</summary>
    public X509Certificate2 Current()
    {
        lock (serving)
        {
            if (Mode == ProgressTlsMode.SelfIssued)
            {
                var now = time.GetUtcNow();
                if (current is null || now >= renewAt)
                {
                    var ca = authority ?? throw new InvalidOperationException("the progress CA is not loaded yet");
                    current = ServingCertificateIssuer.Issue(ca, ServingNames, now, options.ServingCertificateLifetime);
                    renewAt = new DateTimeOffset(current.NotBefore.ToUniversalTime()) + (new DateTimeOffset(current.NotAfter.ToUniversalTime()) - new DateTimeOffset(current.NotBefore.ToUniversalTime())) * 2 / 3;
                    logger.LogInformation("Issued the progress serving certificate for {Names}, valid until {NotAfter:o}, renewed from {RenewAt:o}", string.Join(", ", ServingNames), current.NotAfter.ToUniversalTime(), renewAt);
                }

                return current;
            }

            // cert-manager renews by rewriting the Secret; the kubelet updates the mounted file.
            var written = File.GetLastWriteTimeUtc(options.CertificatePath);
            if (current is null || written != certificateWritten)
            {
                current = LoadFiles(options);
                certificateWritten = written;
                logger.LogInformation("Loaded the progress certificate {Path}, valid until {NotAfter:o}", options.CertificatePath, current.NotAfter.ToUniversalTime());
            }

            return current;
        }
    }

    public void Dispose()
    {
        authority?.Dispose();
        loading.Dispose();
    }

    private static X509Certificate2 LoadFiles(ProgressOptions options)
    {
        var path = options.CertificatePath;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, null);
        }

        using var pem = X509Certificate2.CreateFromPemFile(path, options.CertificateKeyPath.Length > 0 ? options.CertificateKeyPath : null);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private async Task<ProgressCertificateAuthority> LoadOrCreateAuthorityAsync(CancellationToken cancellationToken)
    {
        var ns = CaNamespace;
        try
        {
            return ProgressCertificateAuthority.FromSecret(await client.CoreV1.ReadNamespacedSecretAsync(options.CaSecretName, ns, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            var created = ProgressCertificateAuthority.Create(time.GetUtcNow());
            try
            {
                await client.CoreV1.CreateNamespacedSecretAsync(created.ToSecret(ns, options.CaSecretName), ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Created the progress CA in Secret {Namespace}/{Name}", ns, options.CaSecretName);
                return created;
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Another replica created it first: everyone uses that one.
                created.Dispose();
                return ProgressCertificateAuthority.FromSecret(await client.CoreV1.ReadNamespacedSecretAsync(options.CaSecretName, ns, cancellationToken: cancellationToken).ConfigureAwait(false));
            }
        }
    }

    private async Task PublishAsync(string pem, CancellationToken cancellationToken)
    {
        var ns = CaNamespace;
        var desired = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = options.CaConfigMapName, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "kubetune" } },
            Data = new Dictionary<string, string> { [CaConfigMapKey] = pem },
        };
        try
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(desired, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.CoreV1.ReadNamespacedConfigMapAsync(options.CaConfigMapName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Data?.TryGetValue(CaConfigMapKey, out var published) != true || published != pem)
            {
                desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await client.CoreV1.ReplaceNamespacedConfigMapAsync(desired, options.CaConfigMapName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The key of the published CA certificate in its ConfigMap.</summary>
    public const string CaConfigMapKey = "ca.crt";
}
