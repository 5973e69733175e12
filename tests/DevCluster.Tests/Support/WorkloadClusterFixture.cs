namespace KubeTune.DevCluster.Tests.Support;

/// <summary>A cluster that runs Jobs and pods (scripted fates, no backoff delays), shared by a test class that uses kubectl.</summary>
public sealed class WorkloadClusterFixture : ClusterFixture
{
    protected override DevClusterOptions Options => new()
    {
        RunJobs = true,
        Workloads = new()
        {
            PodsDirectory = Path.Combine(Directory, "pods"),
            PodFailureBackoff = TimeSpan.Zero,
            ImagePullBackOffAfter = TimeSpan.Zero,
        },
    };
}
