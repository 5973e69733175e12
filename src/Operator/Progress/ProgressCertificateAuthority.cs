using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;

namespace KubeTune.Operator.Progress;

/// <summary>
/// The operator's own CA for the progress endpoint: its certificate and private key live only in the Secret
/// (and in the operator's memory); its certificate alone is published for trainers.
/// </summary>
public sealed class ProgressCertificateAuthority : IDisposable
{
    public const string CertificateKey = "tls.crt";
    public const string PrivateKeyKey = "tls.key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    private ProgressCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The public certificate, PEM: what trainers trust.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>A new CA valid from <paramref name="now"/> (minus a minute of clock skew).</summary>
    public static ProgressCertificateAuthority Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubetune-progress-ca, O=kubetune.io", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(now.AddMinutes(-1), now + Lifetime);
        return new ProgressCertificateAuthority(Reload(created.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>The CA in a Secret's data; throws naming the Secret and key when it is unusable.</summary>
    public static ProgressCertificateAuthority FromSecret(V1Secret secret)
    {
        var where = $"Secret {secret.Metadata.NamespaceProperty}/{secret.Metadata.Name}";
        string Text(string key) => secret.Data?.TryGetValue(key, out var bytes) == true && bytes.Length > 0
            ? System.Text.Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"{where} has no '{key}': delete it to let the operator create a new CA");
        try
        {
            var certificate = Reload(Text(CertificateKey), Text(PrivateKeyKey));
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                certificate.Dispose();
                throw new InvalidOperationException($"{where}: '{CertificateKey}' is not a CA certificate");
            }

            return new ProgressCertificateAuthority(certificate);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{where}: '{CertificateKey}' and '{PrivateKeyKey}' are not a PEM certificate and its key: {e.Message}", e);
        }
    }

    /// <summary>The Secret that keeps this CA.</summary>
    public V1Secret ToSecret(string ns, string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "kubernetes.io/tls",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "kubetune" } },
        Data = new Dictionary<string, byte[]>
        {
            [CertificateKey] = System.Text.Encoding.UTF8.GetBytes(Certificate.ExportCertificatePem()),
            [PrivateKeyKey] = System.Text.Encoding.UTF8.GetBytes(Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
        },
    };

    public void Dispose() => Certificate.Dispose();

    // An exportable copy through PEM, so that the key can be written to the Secret and signs on every platform.
    private static X509Certificate2 Reload(string certificatePem, string keyPem) => X509Certificate2.CreateFromPem(certificatePem, keyPem);
}
