using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeTune.Operator.Progress;

/// <summary>Issues the progress endpoint's serving certificate from the CA (pure but for the fresh key and serial).</summary>
public static class ServingCertificateIssuer
{
    /// <summary>The names a serving certificate carries for the host of the progress URL: a Service's DNS forms, or the IP itself.</summary>
    public static IReadOnlyList<string> NamesFor(string progressHost)
    {
        var parts = progressHost.Split('.');
        var isService = parts.Length >= 3 && parts[2].Equals("svc", StringComparison.OrdinalIgnoreCase);
        if (!isService)
        {
            return [progressHost];
        }

        // <service>.<ns>.svc is how trainers reach it; <service>.<ns> and the cluster.local form name the same Service.
        var service = $"{parts[0]}.{parts[1]}";
        return new[] { progressHost, service, service + ".svc", service + ".svc.cluster.local" }.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>A certificate for <paramref name="names"/> (DNS names or IP addresses) valid from now for <paramref name="lifetime"/>, with its key.</summary>
    public static X509Certificate2 Issue(ProgressCertificateAuthority ca, IReadOnlyList<string> names, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternatives.AddIpAddress(address);
            }
            else
            {
                alternatives.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternatives.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Certificate, true, false));
        var notAfter = now + lifetime < ca.Certificate.NotAfter ? now + lifetime : new DateTimeOffset(ca.Certificate.NotAfter);
        using var issued = request.Create(ca.Certificate, now.AddMinutes(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        // Through PKCS#12, so that SslStream on Linux can use the key.
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
