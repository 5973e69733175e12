using System.ComponentModel;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// One pod's life on the local "node": pull (or fail to), run the first container as a process or a scripted fate,
/// restart it per restartPolicy, and report every step in the pod's status like a kubelet.
/// </summary>
internal sealed class PodExecution
{
    public const string FateAnnotation = "devcluster.kubetune.io/fate";

    private readonly ClusterStore _store;
    private readonly JsonObject _pod;
    private readonly PodRunnerContext _context;
    private readonly string _directory;
    private readonly CancellationTokenSource _deleted = new();
    private TimeSpan? _maxGrace;

    public PodExecution(ClusterStore store, JsonObject pod, PodRunnerContext context)
    {
        _store = store;
        _pod = pod;
        _context = context;
        _directory = context.PodDirectory(ObjectMetadata.Namespace(pod), ObjectMetadata.Name(pod));
        Completion = Task.Run(RunAsync);
    }

    public Task Completion { get; }

    /// <summary>The pod is being deleted: stop its container (SIGTERM, then kill after the grace period, at most <paramref name="maxGrace"/>).</summary>
    public void Stop(TimeSpan? maxGrace = null)
    {
        _maxGrace = maxGrace;
        try
        {
            _deleted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private TimeProvider Time => _context.Time;

    private async Task RunAsync()
    {
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllText(LogPath, "");
            var status = new PodStatusModel(_pod, Time);
            status.Scheduled();
            Write(status);
            await RunContainerAsync(status);
        }
        catch (OperationCanceledException) when (_deleted.IsCancellationRequested)
        {
            // Deleted while it had nothing to stop.
        }
        catch (PodGoneException)
        {
            // Deleted (or replaced by a pod of the same name): nothing left to report to.
        }
        finally
        {
            _deleted.Dispose();
        }
    }

    private string LogPath => Path.Combine(_directory, PodRunnerContext.LogFileName);

    private async Task RunContainerAsync(PodStatusModel status)
    {
        var restartPolicy = _pod["spec"]?["restartPolicy"]?.GetValue<string>() ?? "Always";
        while (true)
        {
            var exit = await RunOnceAsync(status);
            if (exit is null)
            {
                return;
            }

            status.Terminated(exit.ExitCode, exit.Reason, status.Now, exit.Message);
            AppendLog($"{ContainerLogFile.TerminatedMarker}{status.ContainerName} terminated: exit code {exit.ExitCode} ({exit.Reason})");
            var succeeded = exit.ExitCode == 0;
            var restart = !_deleted.IsCancellationRequested && exit.Disruption is null
                && (restartPolicy == "Always" || (restartPolicy == "OnFailure" && !succeeded));
            if (!restart)
            {
                if (exit.Disruption is { } disruption)
                {
                    var evicted = disruption.Kind == PodFateKind.Evicted;
                    status.Disrupted(
                        evicted ? "EvictionByEvictionAPI" : "PreemptionByScheduler",
                        evicted ? "Eviction API: evicting" : $"{PodStatusModel.NodeName}: preempting to accommodate a higher priority pod",
                        evicted ? "Evicted" : null);
                }

                status.Finished(succeeded);
                Write(status);
                return;
            }

            status.Restarting();
            Write(status);
            await Task.Delay(_context.Options.PodFailureBackoff, Time, _deleted.Token);
        }
    }

    // Runs the container once; null when it never ran to an end (image pull failure, bad config, or deleted meanwhile).
    private async Task<ContainerExit?> RunOnceAsync(PodStatusModel status)
    {
        PodFate? fate;
        try
        {
            fate = ChooseFate(status.Image);
        }
        catch (FormatException error)
        {
            return await WaitForeverAsync(status, "CreateContainerConfigError", $"annotation {FateAnnotation}: {error.Message}");
        }

        if (fate is null && _context.Options.ContainerRuntime == ContainerRuntimeKind.Podman)
        {
            return await RunPodmanAsync(status);
        }

        if (fate is null && !_context.Commands.ContainsKey(status.Image))
        {
            return await FailPullAsync(status, $"image \"{status.Image}\" is not mapped to a local command (WorkloadOptions.ImageCommands or ImageCommandsFile)");
        }

        return fate switch
        {
            null => await RunProcessAsync(status, _context.Commands[status.Image]),
            { Kind: PodFateKind.ImagePullError } => await FailPullAsync(status, "scripted image pull failure"),
            _ => await RunScriptedAsync(status, fate),
        };
    }

    private PodFate? ChooseFate(string image)
    {
        var annotation = _pod["metadata"]?["annotations"]?[FateAnnotation]?.GetValue<string>();
        return annotation is not null ? PodFate.Parse(annotation) : _context.Scripts.Next(image);
    }

    private async Task<ContainerExit?> FailPullAsync(PodStatusModel status, string why)
    {
        status.Waiting("ErrImagePull", $"Failed to pull image \"{status.Image}\": {why}");
        Write(status);
        AppendLog($"devcluster: {why}");
        await Task.Delay(_context.Options.ImagePullBackOffAfter, Time, _deleted.Token);
        return await WaitForeverAsync(status, "ImagePullBackOff", $"Back-off pulling image \"{status.Image}\"");
    }

    private async Task<ContainerExit?> WaitForeverAsync(PodStatusModel status, string reason, string message)
    {
        status.Waiting(reason, message);
        Write(status);
        await Task.Delay(Timeout.InfiniteTimeSpan, Time, _deleted.Token);
        return null;
    }

    private async Task<ContainerExit?> RunScriptedAsync(PodStatusModel status, PodFate fate)
    {
        AppendLog($"devcluster: scripted fate {fate}");
        status.Running(status.Now);
        Write(status);
        try
        {
            var wait = fate.Kind == PodFateKind.Run ? Timeout.InfiniteTimeSpan : fate.After;
            if (wait != TimeSpan.Zero)
            {
                await Task.Delay(wait, Time, _deleted.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: a well-behaved container exits 143.
            return new ContainerExit(143, "Error");
        }

        return fate.Kind switch
        {
            PodFateKind.Exit => new ContainerExit(fate.ExitCode, fate.ExitCode == 0 ? "Completed" : "Error"),
            PodFateKind.OomKilled => new ContainerExit(137, "OOMKilled"),
            _ => new ContainerExit(137, "Error", Disruption: fate),
        };
    }

    private async Task<ContainerExit?> RunProcessAsync(PodStatusModel status, ImageCommand image)
    {
        ContainerLaunch launch;
        Auth.ProjectedTokenFiles? tokens = null;
        TerminationMessageFile message;
        try
        {
            var container = _pod["spec"]!["containers"]![0]!.AsObject();
            launch = ContainerCommandLine.Resolve(_store, _pod, container, image, _directory);
            message = TerminationMessageFile.Create(container, _directory);
            launch = message.MapLaunch(launch);
            if (_context.Options.HostVolumes)
            {
                var claims = _context.Options.ClaimsDirectory ?? Path.Combine(_context.PodsDirectory, "pvc");
                launch = HostVolumes.Prepare(_store, _pod, container, _directory, claims).MapLaunch(launch);
            }

            // Projected serviceAccountToken volumes: token files under the pod directory, their mount paths mapped there.
            tokens = _context.Tokens?.Start(_pod, container, _directory);
            launch = tokens?.MapLaunch(launch) ?? launch;
        }
        catch (Exception error) when (error is ContainerConfigException or FormatException or IOException or UnauthorizedAccessException)
        {
            return await WaitForeverAsync(status, "CreateContainerConfigError", error.Message);
        }

        await using var tokenFiles = tokens;
        LocalProcess process;
        try
        {
            process = LocalProcess.Start(launch, LogPath, Time);
        }
        catch (Exception error) when (error is Win32Exception or IOException or UnauthorizedAccessException)
        {
            AppendLog($"devcluster: cannot start {launch.FileName}: {error.Message}");
            return new ContainerExit(128, "StartError", $"failed to start {launch.FileName}: {error.Message}");
        }

        using (process)
        {
            status.Running(status.Now);
            Write(status);
            try
            {
                var exitCode = await process.WaitForExitAsync(_deleted.Token);
                return new ContainerExit(exitCode, exitCode == 0 ? "Completed" : "Error", message.Read(exitCode, LogPath));
            }
            catch (OperationCanceledException)
            {
                await process.StopAsync(GracePeriod(), Time);
                var stoppedCode = await process.WaitForExitAsync(CancellationToken.None);
                return new ContainerExit(stoppedCode, stoppedCode == 0 ? "Completed" : "Error", message.Read(stoppedCode, LogPath));
            }
        }
    }

    private async Task<ContainerExit?> RunPodmanAsync(PodStatusModel status)
    {
        var podman = _context.Options.Podman;
        var image = await PodmanCli.RunAsync(podman.Executable, PodmanCommandLine.ImageUser(status.Image), _deleted.Token);
        if (image.ExitCode != 0)
        {
            return await FailPullAsync(status, $"image \"{status.Image}\" is not in podman's image store, and the dev cluster pulls nothing (build it, e.g. scripts/images.sh): {image.Error}");
        }

        var container = _pod["spec"]!["containers"]![0]!.AsObject();
        PodmanRunSpec spec;
        Auth.ProjectedTokenFiles? tokens = null;
        try
        {
            tokens = _context.Tokens?.Start(_pod, container, _directory);
            spec = PodmanPodSetup.Prepare(_context, _store, _pod, container, image.Stdout.Trim(), tokens?.MountPaths ?? new Dictionary<string, string>(), _directory);
        }
        catch (Exception error) when (error is ContainerConfigException or FormatException or IOException or UnauthorizedAccessException)
        {
            if (tokens is not null)
            {
                await tokens.DisposeAsync();
            }

            return await WaitForeverAsync(status, "CreateContainerConfigError", error.Message);
        }

        await using var tokenFiles = tokens;
        await using var running = await PodmanContainer.StartAsync(podman, spec, _directory, LogPath, Time);
        status.Running(status.Now);
        Write(status);
        ContainerExit exit;
        try
        {
            exit = await running.WaitForExitAsync(_deleted.Token);
        }
        catch (OperationCanceledException)
        {
            await running.StopAsync(GracePeriod());
            exit = await running.WaitForExitAsync(CancellationToken.None);
        }

        return exit.Message is not null ? exit : exit with { Message = PodmanPodSetup.TerminationMessage(container, _directory, LogPath, exit.ExitCode) };
    }

    private TimeSpan GracePeriod()
    {
        var seconds = JsonNumbers.Long(_pod["spec"]?["terminationGracePeriodSeconds"]) ?? 30;
        var requested = TimeSpan.FromSeconds(Math.Max(0, seconds));
        var cap = _maxGrace is { } shutdown && shutdown < _context.Options.MaxTerminationGracePeriod ? shutdown : _context.Options.MaxTerminationGracePeriod;
        return requested < cap ? requested : cap;
    }

    private void AppendLog(string line)
    {
        try
        {
            using var log = new ContainerLogFile(LogPath, Time);
            log.Append(line);
        }
        catch (IOException)
        {
            // The log is a convenience; a failed write must not fail the pod.
        }
    }

    // Writes the status through the status subresource, unless the pod is gone or is now a different pod.
    private void Write(PodStatusModel status)
    {
        var ns = ObjectMetadata.Namespace(_pod);
        var name = ObjectMetadata.Name(_pod);
        var current = _store.TryGet(GroupVersionResource.Pods, ns, name);
        if (current is null || ObjectMetadata.Uid(current) != ObjectMetadata.Uid(_pod))
        {
            throw new PodGoneException();
        }

        var update = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["status"] = status.ToJson(),
        };
        try
        {
            _store.Update(GroupVersionResource.Pods, ns, update, ClusterStore.StatusSubresource);
        }
        catch (StatusException error) when (error.Code == 404)
        {
            throw new PodGoneException();
        }
    }
}
