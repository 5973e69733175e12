namespace KubeTune.DevCluster.Tests.Support;

/// <summary>A cluster with a short watch history and frequent bookmarks, for watch tests.</summary>
public sealed class WatchClusterFixture : ClusterFixture
{
    public const int HistoryLimit = 20;

    protected override DevClusterOptions Options => new() { WatchHistoryLimit = HistoryLimit, BookmarkInterval = TimeSpan.FromMilliseconds(200) };
}
