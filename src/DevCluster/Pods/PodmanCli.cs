using System.ComponentModel;
using System.Diagnostics;

namespace KubeTune.DevCluster.Pods;

/// <summary>Runs one short podman command and captures its output (inspect, stop, rm).</summary>
internal static class PodmanCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>The last non-empty line of stderr (podman's error), or of stdout.</summary>
        public string Error => (Stderr + "\n" + Stdout).Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0) ?? $"exit code {ExitCode}";
    }

    public static async Task<Result> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            return new Result(127, "", $"cannot run {executable}: {error.Message}");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
