using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KubeTune.Trainer.Reporting;

/// <summary>
/// How the trainer verifies the progress endpoint: against the CA the operator publishes (<c>KUBETUNE_PROGRESS_CA_FILE</c>,
/// a PEM bundle mounted from its ConfigMap) and nothing else, host name included; without the variable, the system's trust store.
/// </summary>
public static class ProgressTrust
{
    /// <summary>A handler trusting only the CA file's certificates, or null (system trust) when no file is named.</summary>
    public static SocketsHttpHandler? HandlerFor(string? caFile)
    {
        if (string.IsNullOrWhiteSpace(caFile))
        {
            return null;
        }

        X509Certificate2Collection roots = [];
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidInputException($"{TrainerEnvironment.ProgressCaFile} '{caFile}': cannot read the CA bundle: {e.Message}");
        }

        if (roots.Count == 0)
        {
            throw new InvalidInputException($"{TrainerEnvironment.ProgressCaFile} '{caFile}' holds no PEM certificate");
        }

        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, roots) },
        };
    }

    /// <summary>True when the certificate names the host and chains to one of <paramref name="roots"/>.</summary>
    public static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
