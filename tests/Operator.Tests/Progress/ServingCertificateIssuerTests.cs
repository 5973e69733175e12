using System.Security.Cryptography.X509Certificates;
using KubeTune.Operator.Progress;

namespace KubeTune.Operator.Tests.Progress;

public sealed class ServingCertificateIssuerTests
{
    [Theory]
    [InlineData("kubetune-operator.kubetune-system.svc", "kubetune-operator.kubetune-system.svc,kubetune-operator.kubetune-system,kubetune-operator.kubetune-system.svc.cluster.local")]
    [InlineData("ops.team-a.svc.cluster.local", "ops.team-a.svc.cluster.local,ops.team-a,ops.team-a.svc")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "localhost")]
    [InlineData("progress.example.com", "progress.example.com")]
    public void NamesFor_ProgressHost_TheServicesDnsForms(string host, string expected)
    {
        Assert.Equal(expected.Split(','), ServingCertificateIssuer.NamesFor(host));
    }

    [Fact]
    public void Issue_ServiceNames_ChainsToTheCaAndMatchesEachName()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = ProgressCertificateAuthority.Create(now);
        var names = ServingCertificateIssuer.NamesFor("kubetune-operator.kubetune-system.svc");

        using var served = ServingCertificateIssuer.Issue(ca, names, now, TimeSpan.FromDays(30));

        Assert.True(served.HasPrivateKey);
        Assert.All(names, name => Assert.True(served.MatchesHostname(name), name));
        Assert.False(served.MatchesHostname("evil.kubetune-system.svc"));
        Assert.Equal(now.AddDays(30).ToUnixTimeSeconds(), new DateTimeOffset(served.NotAfter.ToUniversalTime()).ToUnixTimeSeconds());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(ca.Certificate.RawData));
        Assert.True(chain.Build(served));
    }

    [Fact]
    public void FromSecret_SecretOfToSecret_SameCa()
    {
        using var ca = ProgressCertificateAuthority.Create(DateTimeOffset.UtcNow);

        using var loaded = ProgressCertificateAuthority.FromSecret(ca.ToSecret("kubetune-system", "kubetune-progress-ca"));

        Assert.Equal(ca.Certificate.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void FromSecret_KeyMissing_ErrorNamesTheSecretAndKey()
    {
        using var ca = ProgressCertificateAuthority.Create(DateTimeOffset.UtcNow);
        var secret = ca.ToSecret("kubetune-system", "kubetune-progress-ca");
        secret.Data.Remove(ProgressCertificateAuthority.PrivateKeyKey);

        var error = Assert.Throws<InvalidOperationException>(() => ProgressCertificateAuthority.FromSecret(secret));

        Assert.Contains("Secret kubetune-system/kubetune-progress-ca has no 'tls.key'", error.Message, StringComparison.Ordinal);
    }
}
