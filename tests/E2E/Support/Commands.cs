using System.Diagnostics;
using System.Text;

namespace KubeTune.E2E.Tests.Support;

/// <summary>Runs kubectl, docker and friends with a timeout, in the repository root.</summary>
internal static class Commands
{
    public static readonly string Kubectl = File.Exists("/usr/bin/kubectl") ? "/usr/bin/kubectl" : "kubectl";

    public static async Task<CommandResult> RunAsync(string executable, IEnumerable<string> args, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var argList = args.ToList();
        var command = $"{Path.GetFileName(executable)} {string.Join(' ', argList)}";
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        argList.ForEach(start.ArgumentList.Add);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return new CommandResult(command, 127, "", $"{executable}: {error.Message}");
        }

        using (process)
        {
            var limit = timeout ?? TimeSpan.FromMinutes(2);
            using var cancel = new CancellationTokenSource(limit);
            var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} did not finish within {limit.TotalSeconds:0} s");
            }

            return new CommandResult(command, process.ExitCode, await stdout, await stderr);
        }
    }
}
