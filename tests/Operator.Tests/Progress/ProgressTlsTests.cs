using KubeTune.Operator.Progress;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>The progress endpoint with a configured certificate: HTTPS only.</summary>
public sealed class ProgressTlsTests(TlsProgressCluster cluster) : IClassFixture<TlsProgressCluster>
{
    [Fact]
    public async Task Post_OverHttpsWithCertificateConfigured_ReportApplied()
    {
        var job = await cluster.CreateJobAsync("over-tls");

        var (status, _) = await cluster.PostAsync(job, cluster.Token(job), """{"step": 7, "totalSteps": 70, "loss": 1.1}""");

        Assert.Equal("https", cluster.Progress.BaseAddress!.Scheme);
        Assert.Equal(200, status);
        Assert.Equal("7", cluster.Status(job)!["progress"]!["step"]!.ToJsonString());
    }

    [Fact]
    public async Task Post_PlainHttpToTlsPort_Refused()
    {
        var job = await cluster.CreateJobAsync("plain-http");
        using var plain = new HttpClient { BaseAddress = new UriBuilder(cluster.Progress.BaseAddress!) { Scheme = "http" }.Uri };

        var refused = await Record.ExceptionAsync(async () =>
        {
            using var response = await plain.PostAsync(ProgressEndpoint.PathFor(job.Namespace, job.Name), new StringContent("""{"step": 1, "totalSteps": 10}"""));
            Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        });

        Assert.True(refused is null or HttpRequestException or IOException, refused?.ToString());
        Assert.Null(cluster.Status(job)?["progress"]);
    }
}
