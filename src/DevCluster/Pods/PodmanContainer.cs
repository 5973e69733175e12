using System.Globalization;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// A pod's container run by podman in the foreground: its output goes to the pod's log like a process's, stopping it
/// is <c>podman stop</c> (the container gets SIGTERM, not just the podman client), and its end is read back with inspect.
/// </summary>
internal sealed class PodmanContainer : IAsyncDisposable
{
    private readonly PodmanOptions _options;
    private readonly LocalProcess _client;
    private readonly string _logPath;

    private PodmanContainer(PodmanOptions options, string name, LocalProcess client, string logPath)
    {
        _options = options;
        Name = name;
        _client = client;
        _logPath = logPath;
    }

    public string Name { get; }

    /// <summary>Starts <c>podman run</c>; a leftover container of the same name (a crashed earlier run) is removed first.</summary>
    public static async Task<PodmanContainer> StartAsync(PodmanOptions options, PodmanRunSpec spec, string workingDirectory, string logPath, TimeProvider time)
    {
        await PodmanCli.RunAsync(options.Executable, PodmanCommandLine.Remove(options, spec.Name));
        var launch = new ContainerLaunch(options.Executable, PodmanCommandLine.Run(options, spec), new Dictionary<string, string>(), workingDirectory);
        return new PodmanContainer(options, spec.Name, LocalProcess.Start(launch, logPath, time), logPath);
    }

    /// <summary>Waits for the container to end and reads how: exit code, OOMKilled, or podman's error when it could not start.</summary>
    public async Task<ContainerExit> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var clientExit = await _client.WaitForExitAsync(cancellationToken);
        var inspect = await PodmanCli.RunAsync(_options.Executable, PodmanCommandLine.InspectExit(_options, Name), CancellationToken.None);
        var lines = inspect.Stdout.Split('\n');
        if (inspect.ExitCode != 0 || lines.Length < 4 || !int.TryParse(lines[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitCode))
        {
            // No container to inspect: podman failed before creating it (exit 125-127) and said why in the log.
            return new ContainerExit(clientExit, "StartError", $"podman run exited {clientExit} without a container: {LastPodmanError() ?? inspect.Error}");
        }

        if (lines[2].Trim() != "exited" || lines[3].Trim().Length > 0)
        {
            // Created but never ran (a missing entrypoint, a mount the runtime refused): the runtime's error is the message.
            var error = lines[3].Trim() is { Length: > 0 } stateError ? stateError : LastPodmanError() ?? $"podman run exited {clientExit}";
            return new ContainerExit(clientExit == 0 ? 128 : clientExit, "StartError", error);
        }

        var oomKilled = lines[1].Trim() == "true";
        return new ContainerExit(exitCode, oomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error");
    }

    /// <summary>SIGTERM to the container, SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace) =>
        await PodmanCli.RunAsync(_options.Executable, PodmanCommandLine.Stop(_options, Name, grace));

    // podman's own error line in the pod log ("Error: ..."), written when the container could not start.
    private string? LastPodmanError() =>
        File.Exists(_logPath) ? File.ReadLines(_logPath).LastOrDefault(line => line.StartsWith("Error: ", StringComparison.Ordinal)) : null;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await PodmanCli.RunAsync(_options.Executable, PodmanCommandLine.Remove(_options, Name));
    }
}
