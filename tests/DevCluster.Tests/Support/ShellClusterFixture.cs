using KubeTune.DevCluster.Pods;

namespace KubeTune.DevCluster.Tests.Support;

/// <summary>A cluster whose kubelet runs image <c>local/shell</c> as <c>/bin/sh -c ARGS</c>, shared by a test class that uses kubectl.</summary>
public sealed class ShellClusterFixture : ClusterFixture
{
    public const string ShellImage = "local/shell";

    protected override DevClusterOptions Options => new()
    {
        RunJobs = true,
        Workloads = new()
        {
            PodsDirectory = Path.Combine(Directory, "pods"),
            PodFailureBackoff = TimeSpan.Zero,
            ImagePullBackOffAfter = TimeSpan.Zero,
            ImageCommands = new() { [ShellImage] = new ImageCommand(["/bin/sh", "-c"]) },
        },
    };
}
