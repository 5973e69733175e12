using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Progress;

/// <summary>
/// Decides who may report a job's progress: the bearer token must pass one TokenReview, for the audience of the URL's
/// job <c>kubetune.io/{ns}/{name}</c> only (else 401), belong to a service account of <c>{ns}</c> and be bound to a pod
/// that exists there with the label <c>kubetune.io/job={name}</c> (else 403). A good token's outcome is kept by the
/// token's hash until the token expires (at most <see cref="ProgressOptions.TokenCacheLifetime"/>), so a trainer's
/// reports cost no API calls after the first.
/// </summary>
public sealed class ProgressAuthenticator(IKubernetes client, ProgressOptions options, TimeProvider time, ILogger<ProgressAuthenticator> logger)
{
    public const string JobLabel = "kubetune.io/job";
    public const string TrialLabel = "kubetune.io/trial";
    public const string PodNameExtra = "authentication.kubernetes.io/pod-name";
    public const string PodUidExtra = "authentication.kubernetes.io/pod-uid";
    private const int MaxCachedTokens = 10_000;

    private readonly ConcurrentDictionary<string, CachedCaller> accepted = new(StringComparer.Ordinal);
    private int reviews;

    /// <summary>TokenReviews sent, for tests and diagnostics.</summary>
    public int Reviews => Volatile.Read(ref reviews);

    public static string AudienceFor(string ns, string name) => $"kubetune.io/{ns}/{name}";

    /// <summary>A good token already reviewed for this job, if any: no API call.</summary>
    public ProgressCaller? Cached(string? authorization, string ns, string name)
    {
        if (BearerToken(authorization) is not { } token)
        {
            return null;
        }

        var key = CacheKey(token, AudienceFor(ns, name));
        if (accepted.TryGetValue(key, out var cached))
        {
            if (cached.Expires > time.GetUtcNow())
            {
                return cached.Caller;
            }

            accepted.TryRemove(new KeyValuePair<string, CachedCaller>(key, cached));
        }

        return null;
    }

    public async Task<ProgressCaller> AuthenticateAsync(string? authorization, string ns, string name, CancellationToken cancellationToken)
    {
        if (BearerToken(authorization) is not { } token)
        {
            return ProgressCaller.Unauthorized("missing bearer token (Authorization: Bearer <the projected service-account token>)");
        }

        if (Cached(authorization, ns, name) is { } known)
        {
            return known;
        }

        var audience = AudienceFor(ns, name);
        var status = await ReviewAsync(token, audience, cancellationToken).ConfigureAwait(false);
        if (status?.Authenticated != true)
        {
            return ProgressCaller.Unauthorized($"invalid token for {audience}: {status?.Error ?? "not authenticated"}");
        }
        if (status.Audiences is not { } audiences || !audiences.Contains(audience))
        {
            return ProgressCaller.Unauthorized($"invalid token: not valid for the audience {audience}");
        }

        var prefix = $"system:serviceaccount:{ns}:";
        if (status.User?.Username is not { } user || !user.StartsWith(prefix, StringComparison.Ordinal))
        {
            return ProgressCaller.Forbidden($"the token belongs to {status.User?.Username ?? "nobody"}, not to a service account of namespace {ns}");
        }

        var podName = Extra(status.User, PodNameExtra);
        if (podName is null)
        {
            return ProgressCaller.Forbidden("the token is not bound to a pod (use a projected serviceAccountToken volume)");
        }

        V1Pod pod;
        try
        {
            pod = await client.CoreV1.ReadNamespacedPodAsync(podName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return ProgressCaller.Forbidden($"the token's pod {ns}/{podName} does not exist");
        }

        if (Extra(status.User, PodUidExtra) is { Length: > 0 } uid && uid != pod.Metadata.Uid)
        {
            return ProgressCaller.Forbidden($"the token's pod {ns}/{podName} has been replaced");
        }

        if (pod.Metadata.Labels?.TryGetValue(JobLabel, out var job) != true || job != name)
        {
            logger.LogWarning("Progress for {Namespace}/{Name} refused: pod {Pod} is not one of its trainers", ns, name, podName);
            return ProgressCaller.Forbidden($"pod {ns}/{podName} does not carry the label {JobLabel}={name}");
        }

        var caller = new ProgressCaller(200, "ok", podName, pod.Metadata.Labels.TryGetValue(TrialLabel, out var trial) ? trial : null);
        Remember(token, audience, caller);
        return caller;
    }

    private static string? BearerToken(string? authorization)
    {
        const string scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length
            ? authorization[scheme.Length..].Trim()
            : null;
    }

    private static string CacheKey(string token, string audience) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) + " " + audience;

    // Kept until the token's own expiry (its exp claim, signed and just verified by the review), at most the configured lifetime.
    private void Remember(string token, string audience, ProgressCaller caller)
    {
        var now = time.GetUtcNow();
        var expires = now + options.TokenCacheLifetime;
        if (ExpiryOf(token) is { } exp && exp < expires)
        {
            expires = exp;
        }

        if (expires <= now)
        {
            return;
        }

        if (accepted.Count >= MaxCachedTokens)
        {
            foreach (var (key, stale) in accepted.Where(pair => pair.Value.Expires <= now).ToList())
            {
                accepted.TryRemove(new KeyValuePair<string, CachedCaller>(key, stale));
            }

            if (accepted.Count >= MaxCachedTokens)
            {
                return;
            }
        }

        accepted[CacheKey(token, audience)] = new CachedCaller(caller, expires);
    }

    private async Task<V1TokenReviewStatus?> ReviewAsync(string token, string audience, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref reviews);
        var review = await client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview
            {
                ApiVersion = "authentication.k8s.io/v1",
                Kind = "TokenReview",
                Spec = new V1TokenReviewSpec { Token = token, Audiences = [audience] },
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return review.Status;
    }

    // The token's exp claim; read only after the TokenReview accepted the token.
    private static DateTimeOffset? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length > 8192)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload += new string('=', (4 - (payload.Length % 4)) % 4);
            var claims = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(payload));
            return claims?["exp"] is System.Text.Json.Nodes.JsonValue exp && exp.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private sealed record CachedCaller(ProgressCaller Caller, DateTimeOffset Expires);

    private static string? Extra(V1UserInfo user, string key) =>
        user.Extra is { } extra && extra.TryGetValue(key, out var values) ? values?.FirstOrDefault() : null;
}
