namespace KubeTune.DevCluster.Auth;

/// <summary>
/// What a token is issued for: a service account of a namespace, bound to a pod when <see cref="PodName"/> is set,
/// for <see cref="Audiences"/> (empty: the API server's own audience), valid <see cref="Lifetime"/> from <see cref="IssuedAt"/> (null: now).
/// </summary>
public sealed record ServiceAccountTokenRequest(
    string Namespace,
    string ServiceAccountName,
    IReadOnlyList<string> Audiences,
    TimeSpan Lifetime,
    string? PodName = null,
    string? PodUid = null,
    DateTimeOffset? IssuedAt = null);
