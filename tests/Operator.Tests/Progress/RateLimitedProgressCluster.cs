namespace KubeTune.Operator.Tests.Progress;

/// <summary>A <see cref="ProgressCluster"/> allowing 3 refused authentications per address, refilled slowly.</summary>
public sealed class RateLimitedProgressCluster : ProgressCluster
{
    protected override IEnumerable<string> Settings => [.. base.Settings, "--Progress:UnauthenticatedBurst", "3", "--Progress:UnauthenticatedPerSecond", "0.01"];
}
