namespace KubeTune.DevCluster.Auth;

/// <summary>The outcome of checking a token: its claims and the audiences it was accepted for, or the error.</summary>
public sealed record TokenCheck(ServiceAccountTokenClaims? Claims, IReadOnlyList<string> Audiences, string? Error)
{
    public bool Authenticated => Claims is not null && Error is null;

    public static TokenCheck Rejected(string error) => new(null, [], error);
}
