using System.Diagnostics;

namespace KubeTune.Operator.Tests.Metrics;

/// <summary>The real promtool (Debian's prometheus package; .ci/run installs it) checking a /metrics exposition.</summary>
internal static class Promtool
{
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var info = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start (apt-get install prometheus)");
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        await promtool.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (promtool.ExitCode, await stdout + await stderr);
    }
}
