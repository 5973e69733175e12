using System.Security.Cryptography.X509Certificates;
using k8s;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Progress;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>The default: HTTPS with a certificate the operator issues from the CA it keeps in a Secret.</summary>
public sealed class ProgressSelfIssuedTlsTests(SelfIssuedProgressCluster cluster) : IClassFixture<SelfIssuedProgressCluster>
{
    [Fact]
    public async Task Post_DefaultTlsMode_ServedOverHttpsChainingToTheCaInTheSecretAndApplied()
    {
        var job = await cluster.CreateJobAsync("self-issued");

        var (status, _) = await cluster.PostAsync(job, cluster.Token(job), """{"step": 3, "totalSteps": 30, "loss": 1.5}""");

        Assert.Equal(200, status);
        Assert.Equal("https", cluster.Progress.BaseAddress!.Scheme);
        Assert.Equal("3", cluster.Status(job)!["progress"]!["step"]!.ToJsonString());
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("kubetune-progress-ca", SelfIssuedProgressCluster.CaNamespace);
        using var ca = X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(secret.Data[ProgressCertificateAuthority.CertificateKey]));
        var served = Assert.Single(cluster.Presented.DistinctBy(certificate => certificate.Thumbprint));
        Assert.Equal(ca.SubjectName.Name, served.IssuerName.Name);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        Assert.True(chain.Build(served), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public async Task CaConfigMap_Published_HoldsTheSecretsCertificateButNoPrivateKey()
    {
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("kubetune-progress-ca", SelfIssuedProgressCluster.CaNamespace);
        var published = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("kubetune-progress-ca", SelfIssuedProgressCluster.CaNamespace);

        var pem = Assert.Single(published.Data).Value;
        Assert.Equal(System.Text.Encoding.UTF8.GetString(secret.Data[ProgressCertificateAuthority.CertificateKey]).Trim(), pem.Trim());
        Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);
        Assert.Contains("PRIVATE KEY", System.Text.Encoding.UTF8.GetString(secret.Data[ProgressCertificateAuthority.PrivateKeyKey]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaPemAsync_SecondReplica_ReusesTheCaInTheSecret()
    {
        var published = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("kubetune-progress-ca", SelfIssuedProgressCluster.CaNamespace);
        using var replica = Certificates(TimeProvider.System);

        var pem = await replica.CaPemAsync(CancellationToken.None);

        Assert.Equal(published.Data[ProgressCertificates.CaConfigMapKey].Trim(), pem!.Trim());
    }

    [Fact]
    public async Task Current_PastTwoThirdsOfTheLifetime_RenewedWithoutRestart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var certificates = Certificates(time);
        await certificates.LoadAsync(CancellationToken.None);

        var first = certificates.Current();
        time.Advance(TimeSpan.FromDays(19));
        var beforeRenewal = certificates.Current();
        time.Advance(TimeSpan.FromDays(2));
        var renewed = certificates.Current();

        Assert.Same(first, beforeRenewal);
        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        Assert.True(renewed.NotAfter.ToUniversalTime() > first.NotAfter.ToUniversalTime().AddDays(20));
    }

    private ProgressCertificates Certificates(TimeProvider time) => new(
        cluster.Client,
        new OperatorOptions { ProgressBaseUrl = "https://kubetune-operator.kubetune-system.svc:8082" },
        new ProgressOptions { CaNamespace = SelfIssuedProgressCluster.CaNamespace },
        time,
        NullLogger<ProgressCertificates>.Instance);
}
