namespace KubeTune.DevCluster.Tests.Support;

/// <summary>Unique object names, so tests sharing a cluster do not see each other's objects.</summary>
public static class Names
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
