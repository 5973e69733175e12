using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Auth;

/// <summary>
/// Issues and verifies the dev cluster's service-account tokens: JWTs signed with an HMAC-SHA256 key generated
/// at start, carrying the claims a real API server puts in bound tokens (iss, sub, aud, iat, nbf, exp, jti and
/// <c>kubernetes.io</c>: namespace, serviceaccount {name, uid}, pod {name, uid}).
/// </summary>
public sealed class ServiceAccountTokenIssuer
{
    /// <summary>The issuer, and the audience a TokenReview without spec.audiences checks against (the API server's own).</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly string keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly TimeProvider time;

    public ServiceAccountTokenIssuer(TimeProvider time)
    {
        this.time = time;
    }

    public TimeProvider Time => time;

    public string Issue(ServiceAccountTokenRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Namespace);
        ArgumentException.ThrowIfNullOrEmpty(request.ServiceAccountName);
        if (request.Lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"token lifetime must be positive, was {request.Lifetime}", nameof(request));
        }

        var issuedAt = (request.IssuedAt ?? time.GetUtcNow()).ToUnixTimeSeconds();
        var audiences = request.Audiences.Count > 0 ? request.Audiences : [Issuer];
        var kubernetes = new JsonObject
        {
            ["namespace"] = request.Namespace,
            ["serviceaccount"] = new JsonObject { ["name"] = request.ServiceAccountName, ["uid"] = ServiceAccountUid(request.Namespace, request.ServiceAccountName) },
        };
        if (request.PodName is not null)
        {
            kubernetes["pod"] = new JsonObject { ["name"] = request.PodName, ["uid"] = request.PodUid ?? string.Empty };
        }

        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = $"system:serviceaccount:{request.Namespace}:{request.ServiceAccountName}",
            ["aud"] = new JsonArray([.. audiences.Select(audience => (JsonNode)audience)]),
            ["iat"] = issuedAt,
            ["nbf"] = issuedAt,
            ["exp"] = issuedAt + (long)Math.Ceiling(request.Lifetime.TotalSeconds),
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
        };
        return JsonWebToken.Sign(claims, key, keyId);
    }

    /// <summary>Verifies signature, issuer, time window and audience (none given: the API server's own).</summary>
    public TokenCheck Check(string token, IReadOnlyList<string>? audiences)
    {
        var claims = JsonWebToken.Verify(token, key, out var error);
        if (claims is null)
        {
            return TokenCheck.Rejected($"invalid bearer token, {error}");
        }

        ServiceAccountTokenClaims parsed;
        try
        {
            parsed = Parse(claims);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            return TokenCheck.Rejected("invalid bearer token, the token's claims are incomplete");
        }

        var now = time.GetUtcNow();
        if (claims["iss"]?.GetValue<string>() != Issuer)
        {
            return TokenCheck.Rejected("invalid bearer token, unknown issuer");
        }

        if (now >= parsed.ExpiresAt)
        {
            return TokenCheck.Rejected("invalid bearer token, service account token has expired");
        }

        if (now < parsed.NotBefore)
        {
            return TokenCheck.Rejected("invalid bearer token, service account token is not valid yet");
        }

        IReadOnlyList<string> targets = audiences is { Count: > 0 } ? audiences : [Issuer];
        var accepted = parsed.Audiences.Intersect(targets, StringComparer.Ordinal).ToList();
        if (accepted.Count == 0)
        {
            return TokenCheck.Rejected(
                $"invalid bearer token, token audiences {Quoted(parsed.Audiences)} is invalid for the target audiences {Quoted(targets)}");
        }

        return new TokenCheck(parsed, accepted, null);
    }

    // A stable uid per service account; the dev cluster does not require ServiceAccount objects to exist.
    private static string ServiceAccountUid(string ns, string name)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"serviceaccount/{ns}/{name}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static ServiceAccountTokenClaims Parse(JsonObject claims)
    {
        var kubernetes = claims["kubernetes.io"]!.AsObject();
        var pod = kubernetes["pod"] as JsonObject;
        var audiences = claims["aud"] switch
        {
            JsonArray array => array.Select(item => item!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => throw new FormatException("aud"),
        };
        return new ServiceAccountTokenClaims(
            kubernetes["namespace"]!.GetValue<string>(),
            kubernetes["serviceaccount"]!["name"]!.GetValue<string>(),
            kubernetes["serviceaccount"]!["uid"]!.GetValue<string>(),
            pod?["name"]?.GetValue<string>(),
            pod?["uid"]?.GetValue<string>(),
            audiences,
            Seconds(claims["iat"]),
            Seconds(claims["nbf"] ?? claims["iat"]),
            Seconds(claims["exp"]),
            claims["jti"]?.GetValue<string>() ?? string.Empty);
    }

    private static DateTimeOffset Seconds(JsonNode? node) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(node!.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture));

    private static string Quoted(IEnumerable<string> values) => "[" + string.Join(",", values.Select(value => $"\"{value}\"")) + "]";
}
