namespace KubeTune.DevCluster.Auth;

/// <summary>The verified claims of a service-account token (the <c>kubernetes.io</c> claim plus aud, iat, nbf, exp, jti).</summary>
public sealed record ServiceAccountTokenClaims(
    string Namespace,
    string ServiceAccountName,
    string ServiceAccountUid,
    string? PodName,
    string? PodUid,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset ExpiresAt,
    string Id)
{
    /// <summary>The user name Kubernetes gives a service account: <c>system:serviceaccount:NS:NAME</c>.</summary>
    public string UserName => $"system:serviceaccount:{Namespace}:{ServiceAccountName}";
}
