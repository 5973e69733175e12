using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Auth;
using KubeTune.DevCluster.Storage;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.DevCluster.Tests.Auth;

/// <summary>TokenReviews of the dev cluster's service-account tokens, through the HTTP API like an operator sends them.</summary>
public sealed class TokenReviewTests : IAsyncLifetime
{
    private const string Audience = "kubetune.io/default/bert";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private DevClusterHost host = null!;
    private Kubernetes client = null!;
    private string podUid = null!;

    public async Task InitializeAsync()
    {
        host = await DevClusterHost.StartAsync(new DevClusterOptions { TimeProvider = time });
        client = new Kubernetes(host.ClientConfiguration);
        var pod = host.Store.Create(GroupVersionResource.Pods, "default", JsonNode.Parse("""
            {"metadata": {"name": "bert-trainer-0", "labels": {"kubetune.io/job": "bert"}},
             "spec": {"serviceAccountName": "trainer", "containers": [{"name": "trainer", "image": "kubetune/trainer"}]}}
            """)!.AsObject());
        podUid = ObjectMetadata.Uid(pod);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Review_PodBoundToken_AuthenticatedAsServiceAccountWithPodExtra()
    {
        var token = Issue([Audience], TimeSpan.FromMinutes(10));

        var status = await ReviewAsync(token, [Audience]);

        Assert.True(status.Authenticated, status.Error);
        Assert.Equal("system:serviceaccount:default:trainer", status.User.Username);
        Assert.Contains("system:serviceaccounts:default", status.User.Groups);
        Assert.Equal(["bert-trainer-0"], status.User.Extra[ServiceAccountTokenReviewer.PodNameExtra]);
        Assert.Equal([podUid], status.User.Extra[ServiceAccountTokenReviewer.PodUidExtra]);
        Assert.Equal([Audience], status.Audiences);
    }

    [Fact]
    public async Task Review_TokenPastExpiry_UnauthenticatedAsExpired()
    {
        var token = Issue([Audience], TimeSpan.FromMinutes(10));
        time.Advance(TimeSpan.FromMinutes(10));

        var status = await ReviewAsync(token, [Audience]);

        Assert.False(status.Authenticated);
        Assert.Contains("expired", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_TokenSignedWithPastIssueTime_UnauthenticatedAsExpired()
    {
        var token = host.Tokens.Issue(new ServiceAccountTokenRequest("default", "trainer", [Audience], TimeSpan.FromSeconds(1), "bert-trainer-0", podUid, time.GetUtcNow().AddMinutes(-5)));

        var status = await ReviewAsync(token, [Audience]);

        Assert.False(status.Authenticated);
        Assert.Contains("expired", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_ClaimsAlteredOrOtherKey_UnauthenticatedAsInvalidSignature()
    {
        var token = Issue([Audience], TimeSpan.FromMinutes(10));
        var parts = token.Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1])));
        var altered = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claims.Replace("\"default\"", "\"kube-system\"", StringComparison.Ordinal)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var otherCluster = new ServiceAccountTokenIssuer(time).Issue(new ServiceAccountTokenRequest("default", "trainer", [Audience], TimeSpan.FromMinutes(10), "bert-trainer-0", podUid));

        var forged = await ReviewAsync($"{parts[0]}.{altered}.{parts[2]}", [Audience]);
        var foreign = await ReviewAsync(otherCluster, [Audience]);
        var garbage = await ReviewAsync("not-a-token", [Audience]);

        Assert.False(forged.Authenticated);
        Assert.Contains("invalid signature", forged.Error, StringComparison.Ordinal);
        Assert.False(foreign.Authenticated);
        Assert.False(garbage.Authenticated);
    }

    [Fact]
    public async Task Review_AudienceOfAnotherJob_UnauthenticatedNamingBothAudiences()
    {
        var token = Issue(["kubetune.io/default/other"], TimeSpan.FromMinutes(10));

        var status = await ReviewAsync(token, [Audience]);

        Assert.False(status.Authenticated);
        Assert.Contains("kubetune.io/default/other", status.Error, StringComparison.Ordinal);
        Assert.Contains(Audience, status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_NoAudiencesRequested_OnlyApiServerAudienceAccepted()
    {
        var apiToken = Issue([], TimeSpan.FromMinutes(10));
        var jobToken = Issue([Audience], TimeSpan.FromMinutes(10));

        var api = await ReviewAsync(apiToken, null);
        var job = await ReviewAsync(jobToken, null);

        Assert.True(api.Authenticated, api.Error);
        Assert.Equal([ServiceAccountTokenIssuer.Issuer], api.Audiences);
        Assert.False(job.Authenticated);
    }

    [Fact]
    public async Task Review_BoundPodDeletedOrRecreated_Unauthenticated()
    {
        var token = Issue([Audience], TimeSpan.FromMinutes(10));
        host.Store.Delete(GroupVersionResource.Pods, "default", "bert-trainer-0");

        var deleted = await ReviewAsync(token, [Audience]);
        host.Store.Create(GroupVersionResource.Pods, "default", JsonNode.Parse("""
            {"metadata": {"name": "bert-trainer-0"}, "spec": {"containers": [{"name": "trainer", "image": "kubetune/trainer"}]}}
            """)!.AsObject());
        var recreated = await ReviewAsync(token, [Audience]);

        Assert.False(deleted.Authenticated);
        Assert.Contains("not found", deleted.Error, StringComparison.Ordinal);
        Assert.False(recreated.Authenticated);
        Assert.Contains("UID", recreated.Error, StringComparison.Ordinal);
    }

    private string Issue(IReadOnlyList<string> audiences, TimeSpan lifetime) =>
        host.Tokens.Issue(new ServiceAccountTokenRequest("default", "trainer", audiences, lifetime, "bert-trainer-0", podUid));

    private async Task<V1TokenReviewStatus> ReviewAsync(string token, IList<string>? audiences)
    {
        var review = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenReview",
            Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences },
        });
        return review.Status;
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }
}
