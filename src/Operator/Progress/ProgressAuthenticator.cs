using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Progress;

/// <summary>
/// Decides who may report a job's progress: the bearer token must pass a TokenReview for the audience
/// <c>kubetune.io/{ns}/{name}</c> (else 401), belong to a service account of <c>{ns}</c> and be bound to a pod
/// that exists there with the label <c>kubetune.io/job={name}</c> (else 403).
/// </summary>
public sealed class ProgressAuthenticator(IKubernetes client, ILogger<ProgressAuthenticator> logger)
{
    public const string JobLabel = "kubetune.io/job";
    public const string TrialLabel = "kubetune.io/trial";
    public const string PodNameExtra = "authentication.kubernetes.io/pod-name";
    public const string PodUidExtra = "authentication.kubernetes.io/pod-uid";

    public static string AudienceFor(string ns, string name) => $"kubetune.io/{ns}/{name}";

    public async Task<ProgressCaller> AuthenticateAsync(string? authorization, string ns, string name, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length == scheme.Length)
        {
            return ProgressCaller.Unauthorized("missing bearer token (Authorization: Bearer <the projected service-account token>)");
        }

        var token = authorization[scheme.Length..].Trim();
        var audience = AudienceFor(ns, name);
        var status = await ReviewAsync(token, audience, cancellationToken).ConfigureAwait(false);
        if (status?.Authenticated != true)
        {
            // A genuine token of another job is a 403, not a 401: the caller is known, just not allowed here.
            foreach (var other in UnverifiedAudiences(token).Where(other => other.StartsWith("kubetune.io/", StringComparison.Ordinal) && other != audience))
            {
                if ((await ReviewAsync(token, other, cancellationToken).ConfigureAwait(false))?.Authenticated == true)
                {
                    return ProgressCaller.Forbidden($"the token is for {other}, not for {audience}");
                }
            }

            return ProgressCaller.Unauthorized($"invalid token: {status?.Error ?? "not authenticated"}");
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

        return new ProgressCaller(200, "ok", podName, pod.Metadata.Labels.TryGetValue(TrialLabel, out var trial) ? trial : null);
    }

    private async Task<V1TokenReviewStatus?> ReviewAsync(string token, string audience, CancellationToken cancellationToken)
    {
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

    // Only to pick which audience to ask the API server about; nothing is trusted before its TokenReview.
    private static IReadOnlyList<string> UnverifiedAudiences(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length > 8192)
        {
            return [];
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload += new string('=', (4 - (payload.Length % 4)) % 4);
            var claims = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(payload));
            return claims?["aud"] switch
            {
                System.Text.Json.Nodes.JsonArray array => [.. array.Select(item => item?.ToString() ?? string.Empty).Take(4)],
                System.Text.Json.Nodes.JsonValue single => [single.ToString()],
                _ => [],
            };
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string? Extra(V1UserInfo user, string key) =>
        user.Extra is { } extra && extra.TryGetValue(key, out var values) ? values?.FirstOrDefault() : null;
}
