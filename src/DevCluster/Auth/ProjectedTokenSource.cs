namespace KubeTune.DevCluster.Auth;

/// <summary>One serviceAccountToken source of a projected volume, and where the container mounts that volume (null: not mounted).</summary>
public sealed record ProjectedTokenSource(string VolumeName, string Audience, TimeSpan Lifetime, string Path, string? MountPath);
