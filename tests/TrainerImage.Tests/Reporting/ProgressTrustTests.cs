using KubeTune.Trainer.Reporting;

namespace KubeTune.Trainer.Tests.Reporting;

/// <summary>The trainer with KUBETUNE_PROGRESS_CA_FILE: reports reach only an endpoint whose certificate chains to that CA and names the host.</summary>
public sealed class ProgressTrustTests : IDisposable
{
    private readonly string tokenFile = Path.Combine(Path.GetTempPath(), "kt-token-" + Guid.NewGuid().ToString("N"));
    private readonly TestCa operatorCa = new("kubetune-progress-ca");
    private readonly TestCa otherCa = new("someone-else");

    public ProgressTrustTests() => File.WriteAllText(tokenFile, "token\n");

    public void Dispose()
    {
        File.Delete(tokenFile);
        operatorCa.Dispose();
        otherCa.Dispose();
    }

    [Fact]
    public async Task PosterFromEnvironment_CertificateFromTheNamedCa_ReportAccepted()
    {
        using var endpoint = new HttpsProgressEndpoint(operatorCa);

        var (posted, failed) = await PostFinalAsync(endpoint, operatorCa.PemFile);

        Assert.Equal((1, 0), (posted, failed));
        Assert.Equal("{\"step\":2,\"final\":true}", Assert.Single(endpoint.Received));
    }

    [Fact]
    public async Task PosterFromEnvironment_CertificateFromAnotherCa_RefusedBeforeSendingTheToken()
    {
        using var endpoint = new HttpsProgressEndpoint(otherCa);

        var (posted, failed) = await PostFinalAsync(endpoint, operatorCa.PemFile);

        Assert.Equal(0, posted);
        Assert.True(failed > 0);
        Assert.Empty(endpoint.Received);
    }

    [Fact]
    public async Task PosterFromEnvironment_CertificateFromTheCaForAnotherHost_Refused()
    {
        using var endpoint = new HttpsProgressEndpoint(operatorCa, servedName: "kubetune-operator.elsewhere.svc");

        var (posted, failed) = await PostFinalAsync(endpoint, operatorCa.PemFile);

        Assert.Equal(0, posted);
        Assert.True(failed > 0);
        Assert.Empty(endpoint.Received);
    }

    [Fact]
    public void HandlerFor_FileWithoutCertificate_ErrorNamesTheVariableAndFile()
    {
        File.WriteAllText(tokenFile, "not a certificate");

        var error = Assert.Throws<InvalidInputException>(() => ProgressTrust.HandlerFor(tokenFile));

        Assert.Contains($"KUBETUNE_PROGRESS_CA_FILE '{tokenFile}'", error.Message, StringComparison.Ordinal);
    }

    private async Task<(int Posted, int Failed)> PostFinalAsync(HttpsProgressEndpoint endpoint, string caFile)
    {
        var environment = new Dictionary<string, string?>
        {
            [TrainerEnvironment.ProgressUrl] = endpoint.Url.ToString(),
            [TrainerEnvironment.TokenFile] = tokenFile,
            [TrainerEnvironment.ProgressCaFile] = caFile,
        };
        await using var poster = ProgressReporter.PosterFromEnvironment(name => environment.GetValueOrDefault(name))!;
        await poster.CompleteAsync("{\"step\":2,\"final\":true}", TimeSpan.FromSeconds(10));
        return (poster.Posted, poster.Failed);
    }
}
