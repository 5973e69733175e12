namespace KubeTune.Operator.Progress;

/// <summary>
/// The progress endpoint's settings, bound from the configuration section "Progress" (KUBETUNE_PROGRESS__MAXBODYBYTES,
/// --Progress:CertificatePath FILE, ...). Its port is OperatorOptions.ProgressPort.
/// </summary>
// Settable, not init-only: the generated configuration binder (the native operator has no reflection) skips init-only properties.
public sealed record ProgressOptions
{
    public const string Section = "Progress";

    /// <summary>SelfIssued (default), Files, or Disabled (plain HTTP); unset with <see cref="CertificatePath"/> given means Files.</summary>
    public ProgressTlsMode? TlsMode { get; set; }

    /// <summary>The mode in force: <see cref="TlsMode"/>, else Files when a certificate path is given, else SelfIssued.</summary>
    public ProgressTlsMode EffectiveTlsMode => TlsMode ?? (CertificatePath.Length > 0 ? ProgressTlsMode.Files : ProgressTlsMode.SelfIssued);

    /// <summary>The Secret (in <see cref="CaNamespace"/>) holding the SelfIssued CA and its private key.</summary>
    public string CaSecretName { get; set; } = "kubetune-progress-ca";

    /// <summary>The ConfigMap (in <see cref="CaNamespace"/>) publishing the CA's public certificate.</summary>
    public string CaConfigMapName { get; set; } = "kubetune-progress-ca";

    /// <summary>The operator's namespace for the CA; empty: POD_NAMESPACE.</summary>
    public string CaNamespace { get; set; } = string.Empty;

    /// <summary>Names the serving certificate carries besides the progress URL's host (comma-separated DNS names or IPs).</summary>
    public string ServingNames { get; set; } = string.Empty;

    /// <summary>A SelfIssued serving certificate's lifetime; it is renewed at two thirds of it.</summary>
    public TimeSpan ServingCertificateLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Files mode: the CA (PEM) trainers verify the certificate with, e.g. cert-manager's ca.crt; empty: the system trust store.</summary>
    public string CaPath { get; set; } = string.Empty;

    /// <summary>Files mode: a PEM certificate (or a .pfx) to serve HTTPS with.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>The PEM private key of <see cref="CertificatePath"/> when it is not in the same file.</summary>
    public string CertificateKeyPath { get; set; } = string.Empty;

    /// <summary>Larger report bodies are refused with 413.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A job's status is patched at most this often; a final report is written at once.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Refused authentications one source address may cause at once before it gets 429 (each costs a TokenReview).</summary>
    public int UnauthenticatedBurst { get; set; } = 20;

    /// <summary>How fast an address's allowance of refused authentications refills.</summary>
    public double UnauthenticatedPerSecond { get; set; } = 2;

    /// <summary>The longest a good token's review is reused (it is never reused past the token's own expiry).</summary>
    public TimeSpan TokenCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws when the URL trainers are given does not use the scheme the endpoint serves.</summary>
    public void ValidateBaseUrl(string progressBaseUrl)
    {
        var https = EffectiveTlsMode != ProgressTlsMode.Disabled;
        if (https != progressBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"configuration ProgressBaseUrl '{progressBaseUrl}' must start with {(https ? "https://" : "http://")} since {Section}:TlsMode is {EffectiveTlsMode}");
        }
    }

    /// <summary>Throws naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (MaxBodyBytes < 1024)
        {
            throw new InvalidOperationException($"configuration {Section}:MaxBodyBytes must be at least 1024, was {MaxBodyBytes}");
        }

        if (StatusInterval < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"configuration {Section}:StatusInterval must not be negative, was {StatusInterval}");
        }

        if (UnauthenticatedBurst < 1 || UnauthenticatedPerSecond <= 0)
        {
            throw new InvalidOperationException($"configuration {Section}:UnauthenticatedBurst must be at least 1 and {Section}:UnauthenticatedPerSecond above 0, were {UnauthenticatedBurst} and {UnauthenticatedPerSecond}");
        }

        if (TokenCacheLifetime < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"configuration {Section}:TokenCacheLifetime must not be negative, was {TokenCacheLifetime}");
        }

        if (ServingCertificateLifetime < TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException($"configuration {Section}:ServingCertificateLifetime must be at least 00:10:00, was {ServingCertificateLifetime}");
        }

        if (EffectiveTlsMode == ProgressTlsMode.Files && CertificatePath.Length == 0)
        {
            throw new InvalidOperationException($"configuration {Section}:TlsMode is Files but {Section}:CertificatePath is not set");
        }

        if (EffectiveTlsMode != ProgressTlsMode.Files && (CertificatePath.Length > 0 || CaPath.Length > 0))
        {
            throw new InvalidOperationException($"configuration {Section}:CertificatePath and {Section}:CaPath need {Section}:TlsMode Files, was {EffectiveTlsMode}");
        }

        foreach (var (name, path) in new[] { ("CertificatePath", CertificatePath), ("CertificateKeyPath", CertificateKeyPath), ("CaPath", CaPath) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                throw new InvalidOperationException($"configuration {Section}:{name}: file '{path}' does not exist");
            }
        }

        if (CertificateKeyPath.Length > 0 && CertificatePath.Length == 0)
        {
            throw new InvalidOperationException($"configuration {Section}:CertificateKeyPath is set but {Section}:CertificatePath is not");
        }
    }
}
