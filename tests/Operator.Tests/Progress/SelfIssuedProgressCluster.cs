using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using KubeTune.Operator.Progress;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>
/// A <see cref="ProgressCluster"/> with the default TLS mode: the operator issues its serving certificate from the CA it
/// keeps in a Secret. The client trusts only the CA published in the ConfigMap and checks the host name, as a trainer does.
/// </summary>
public sealed class SelfIssuedProgressCluster : ProgressCluster
{
    public const string CaNamespace = OtherNamespace;

    private readonly X509Certificate2Collection trusted = [];

    /// <summary>The certificates the endpoint presented, in order.</summary>
    public List<X509Certificate2> Presented { get; } = [];

    protected override IEnumerable<string> Settings => ["--ProgressBaseUrl", "https://127.0.0.1:8082", "--Progress:CaNamespace", CaNamespace];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var published = await Client.CoreV1.ReadNamespacedConfigMapAsync("kubetune-progress-ca", CaNamespace);
        trusted.ImportFromPem(published.Data[ProgressCertificates.CaConfigMapKey]);
    }

    protected override HttpMessageHandler ProgressHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                lock (Presented)
                {
                    Presented.Add(leaf);
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                return chain.Build(leaf);
            },
        },
    };
}
