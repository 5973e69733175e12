using System.Globalization;

namespace KubeTune.E2E.Tests.Support;

/// <summary>
/// The operator image run as the Deployment runs it: its KUBETUNE_* environment, uid 1654, read-only root, no
/// capabilities; on the host network so that it reaches the dev cluster and the trainer pods reach its progress port.
/// </summary>
internal sealed class OperatorContainer(string name) : IAsyncDisposable
{
    public const string KubeconfigMountPath = "/etc/kubetune/kubeconfig";

    public string Name => name;

    public static async Task<OperatorContainer> StartAsync(string image, IReadOnlyDictionary<string, string> environment, string kubeconfig)
    {
        var container = new OperatorContainer("kubetune-operator-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var args = new List<string>
        {
            "--runtime", "runc", "run", "--detach", "--name", container.Name, "--pull", "never", "--network", "host",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096",
            "--user", "1654:1654", "--read-only", "--read-only-tmpfs=false", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--mount", $"type=bind,source={kubeconfig},target={KubeconfigMountPath},readonly=true",
            "--env", "KUBETUNE_KUBECONFIG=" + KubeconfigMountPath,
        };
        foreach (var (key, value) in environment)
        {
            args.AddRange(["--env", $"{key}={value}"]);
        }

        args.Add(image);
        var run = await ContainerImages.PodmanAsync([.. args]);
        Assert.True(run.ExitCode == 0, $"podman run of the operator image failed ({run.ExitCode}): {run.Stderr}");
        return container;
    }

    public async Task<string> LogsAsync()
    {
        var logs = await ContainerImages.PodmanAsync("logs", "--tail", "60", Name);
        return logs.Stdout + logs.Stderr;
    }

    /// <summary>Whether the container still runs, and its exit code when it does not.</summary>
    public async Task<string> StateAsync() =>
        (await ContainerImages.PodmanAsync("container", "inspect", "--format", "{{.State.Status}} exit {{.State.ExitCode}}", Name)).Stdout.Trim();

    public async ValueTask DisposeAsync() =>
        await ContainerImages.PodmanAsync("--runtime", "runc", "rm", "--force", "--time", 5.ToString(CultureInfo.InvariantCulture), Name);
}
