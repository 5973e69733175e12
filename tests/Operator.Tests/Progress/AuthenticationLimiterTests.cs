namespace KubeTune.Operator.Tests.Progress;

/// <summary>Unauthenticated requests are limited per source address; a trainer with a good token is not.</summary>
public sealed class AuthenticationLimiterTests(RateLimitedProgressCluster cluster) : IClassFixture<RateLimitedProgressCluster>
{
    [Fact]
    public async Task Post_ManyBadTokensFromOneAddress_429WithoutFurtherReviewsGoodTokenStillAccepted()
    {
        var job = await cluster.CreateJobAsync("limited");
        var good = cluster.Token(job);
        await cluster.PostAsync(job, good, """{"step": 1, "totalSteps": 10}""");
        var statuses = new List<int>();
        var before = cluster.Authenticator.Reviews;

        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await cluster.PostAsync(job, "not-a-token-" + i, """{"step": 1, "totalSteps": 10}""")).Status);
        }

        Assert.Equal([401, 401, 401], statuses.Take(3));
        Assert.All(statuses.Skip(3), status => Assert.Equal(429, status));
        Assert.Equal(3, cluster.Authenticator.Reviews - before);
        Assert.Equal(200, (await cluster.PostAsync(job, good, """{"step": 2, "totalSteps": 10}""")).Status);
    }
}
