using System.Diagnostics;

namespace KubeTune.DevCluster.Pods;

/// <summary>A container running as a local process; stdout and stderr go, line by line, to one log file.</summary>
public sealed class LocalProcess : IDisposable
{
    private readonly Process _process;
    private readonly ContainerLogFile _log;

    private LocalProcess(Process process, ContainerLogFile log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    /// <summary>Starts the process; a program that cannot be started throws <see cref="System.ComponentModel.Win32Exception"/>.</summary>
    public static LocalProcess Start(ContainerLaunch launch, string logPath, TimeProvider time)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            WorkingDirectory = launch.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        Directory.CreateDirectory(launch.WorkingDirectory);
        var log = new ContainerLogFile(logPath, time);
        var process = new Process { StartInfo = info };
        var running = new LocalProcess(process, log);
        process.OutputDataReceived += (_, line) => running.Append(line.Data);
        process.ErrorDataReceived += (_, line) => running.Append(line.Data);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the exit and the end of its output; a process ended by signal N reports 128+N, like a container runtime.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then a hard kill of the whole process tree once <paramref name="grace"/> has passed.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && grace > TimeSpan.Zero)
        {
            try
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                if (kill is not null)
                {
                    await kill.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(grace, time);
                await _process.WaitForExitAsync(timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // The grace period is over: kill it.
            }
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        _log.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        // Output that arrives after the pod was torn down has nowhere to go: the log ignores it.
        _log.Append(line);
    }
}
