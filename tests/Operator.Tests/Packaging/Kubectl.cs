using System.Diagnostics;
using System.Text;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>Runs the real kubectl (1.32 at /usr/bin/kubectl in CI) in the repository root, with a private HOME and a timeout.</summary>
internal static class Kubectl
{
    public static readonly string Executable = File.Exists("/usr/bin/kubectl") ? "/usr/bin/kubectl" : "kubectl";

    private static readonly string Home = Directory.CreateTempSubdirectory("kubetune-kubectl-").FullName;

    public static async Task<KubectlRun> RunAsync(params string[] args)
    {
        var command = $"kubectl {string.Join(' ', args)}";
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A private HOME keeps the user's kubeconfig and discovery cache out of the test.
        start.Environment["HOME"] = Home;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
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
            throw new TimeoutException($"{command} did not finish within 60 s");
        }

        return new KubectlRun(command, process.ExitCode, await stdout, await stderr);
    }
}
