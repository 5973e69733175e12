using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>A <see cref="ProgressCluster"/> whose progress endpoint serves HTTPS with a self-signed certificate for 127.0.0.1.</summary>
public sealed class TlsProgressCluster : ProgressCluster
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kt-progress-tls", Guid.NewGuid().ToString("N"));

    public TlsProgressCluster()
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubetune-operator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string Thumbprint { get; }

    private string CertificatePath => Path.Combine(directory, "tls.crt");

    private string KeyPath => Path.Combine(directory, "tls.key");

    protected override IEnumerable<string> Settings => ["--Progress:CertificatePath", CertificatePath, "--Progress:CertificateKeyPath", KeyPath];

    // Trust exactly the certificate the operator was given, as a trainer given its CA would.
    protected override HttpMessageHandler ProgressHandler() => new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Thumbprint,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
