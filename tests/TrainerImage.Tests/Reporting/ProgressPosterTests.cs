using System.Diagnostics;
using System.Net;
using KubeTune.Trainer.Reporting;

namespace KubeTune.Trainer.Tests.Reporting;

public sealed class ProgressPosterTests : IDisposable
{
    private readonly string tokenFile = Path.Combine(Path.GetTempPath(), "kt-token-" + Guid.NewGuid().ToString("N"));

    public ProgressPosterTests() => File.WriteAllText(tokenFile, "token-one\n");

    public void Dispose() => File.Delete(tokenFile);

    [Fact]
    public async Task CompleteAsync_HealthyEndpoint_PostsWithTheTokenReadBeforeEachPost()
    {
        using var endpoint = new LocalProgressEndpoint(HttpStatusCode.OK);
        await using var poster = new ProgressPoster(endpoint.Url, tokenFile, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        poster.Offer("{\"step\":1}");
        await Eventually.TrueAsync(() => poster.Posted == 1, "the first report posted");
        File.WriteAllText(tokenFile, "token-two");
        await poster.CompleteAsync("{\"step\":2,\"final\":true}", TimeSpan.FromSeconds(10));

        var received = endpoint.Received.ToList();
        Assert.Equal(("Bearer token-one", "{\"step\":1}"), received[0]);
        Assert.Equal(("Bearer token-two", "{\"step\":2,\"final\":true}"), received[^1]);
        Assert.Equal(0, poster.Failed);
    }

    [Fact]
    public async Task Offer_EndpointDown_NeverBlocksAndCompleteReturns()
    {
        var warnings = new List<string>();
        await using var poster = new ProgressPoster(LocalProgressEndpoint.Down(), tokenFile, TimeSpan.Zero, TimeSpan.FromSeconds(2), warn: warnings.Add);

        var offering = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            poster.Offer($"{{\"step\":{i}}}");
        }

        offering.Stop();
        await poster.CompleteAsync("{\"final\":true}", TimeSpan.FromSeconds(10));

        Assert.True(offering.Elapsed < TimeSpan.FromSeconds(1), $"1000 offers took {offering.Elapsed}");
        Assert.True(poster.Failed >= 1);
        Assert.Equal(0, poster.Posted);
        Assert.True(poster.Failed < 1000, "intermediate reports must be dropped, not queued");
    }

    [Fact]
    public async Task CompleteAsync_EndpointNeverAnswers_GivesUpAfterTheRequestTimeout()
    {
        using var endpoint = new LocalProgressEndpoint(HttpStatusCode.OK, neverAnswer: true);
        await using var poster = new ProgressPoster(endpoint.Url, tokenFile, TimeSpan.Zero, TimeSpan.FromMilliseconds(300), warn: _ => { });

        var offering = Stopwatch.StartNew();
        poster.Offer("{\"step\":1}");
        poster.Offer("{\"step\":2}");
        var offered = offering.Elapsed;
        await poster.CompleteAsync("{\"final\":true}", TimeSpan.FromSeconds(20));

        Assert.True(offered < TimeSpan.FromMilliseconds(200), $"offers took {offered}");
        Assert.True(offering.Elapsed < TimeSpan.FromSeconds(20), "the final report must not wait past the deadline");
        Assert.True(poster.Failed >= 1);
    }

    [Fact]
    public async Task CompleteAsync_EndpointAnswers500_CountsFailuresAndStillSendsFinal()
    {
        using var endpoint = new LocalProgressEndpoint(HttpStatusCode.InternalServerError);
        var warnings = new List<string>();
        await using var poster = new ProgressPoster(endpoint.Url, tokenFile, TimeSpan.Zero, TimeSpan.FromSeconds(5), warn: message => { lock (warnings) { warnings.Add(message); } });

        poster.Offer("{\"step\":1}");
        await poster.CompleteAsync("{\"final\":true}", TimeSpan.FromSeconds(10));

        Assert.Equal("{\"final\":true}", endpoint.Received.Last().Body);
        Assert.True(poster.Failed >= 1);
        Assert.Contains(warnings, warning => warning.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offer_WithinInterval_DropsIntermediateReportsButPostsTheFinalAtOnce()
    {
        using var endpoint = new LocalProgressEndpoint(HttpStatusCode.OK);
        await using var poster = new ProgressPoster(endpoint.Url, tokenFile, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));

        poster.Offer("{\"step\":1}");
        await Eventually.TrueAsync(() => poster.Posted == 1, "the first report posted");
        poster.Offer("{\"step\":2}");
        poster.Offer("{\"step\":3}");
        await poster.CompleteAsync("{\"step\":4,\"final\":true}", TimeSpan.FromSeconds(10));

        Assert.Equal(["{\"step\":1}", "{\"step\":4,\"final\":true}"], endpoint.Received.Select(r => r.Body));
    }
}
