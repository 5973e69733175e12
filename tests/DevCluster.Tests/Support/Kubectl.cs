using System.Diagnostics;
using System.Text;

namespace KubeTune.DevCluster.Tests.Support;

/// <summary>Runs the real kubectl against a cluster's kubeconfig, with a private discovery cache and a timeout.</summary>
public sealed class Kubectl(ClusterFixture cluster)
{
    public static readonly string Executable = File.Exists("/usr/bin/kubectl") ? "/usr/bin/kubectl" : "kubectl";

    public async Task<KubectlResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within 60 s");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (such as get --watch); the caller reads its output and kills it.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(cluster.KubeconfigPath);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(cluster.Directory, "kubectl-cache"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = cluster.Directory;
        return Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
    }
}
