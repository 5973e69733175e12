using KubeTune.Contracts;

namespace KubeTune.DevCluster;

/// <summary>
/// Command line: <c>--kubeconfig FILE [--port N] [--run-jobs] [--images FILE] [--container-runtime processes|podman]
/// [--work-dir DIR] [--faults SPEC]</c>; serves until SIGTERM or Ctrl-C, then stops gracefully. With <c>--work-dir</c>,
/// pods get their volumes as host folders as <c>local</c> gives them (claims under DIR/pvc, pods under DIR/pods), so a
/// real trainer runs.
/// </summary>
public static class Program
{
    public const int ExitInvalidInput = 2;

    public const string Usage = "usage: DevCluster --kubeconfig FILE [--port N] [--run-jobs] [--images FILE] [--container-runtime processes|podman] [--work-dir DIR] [--faults SPEC]";

    /// <summary>What -h and --help print.</summary>
    public const string Help = Usage + """


        Serves a Kubernetes API subset over HTTP on 127.0.0.1 (kubectl, the operator and client libraries work against it)
        and writes a kubeconfig for it. Stops on SIGTERM or Ctrl-C.

        options:
          --kubeconfig FILE   where to write the kubeconfig (required)
          --port N            the API port (default 0: a free port, printed on the first line)
          --run-jobs          run a Job controller and a local kubelet (pods as local processes)
          --images FILE       images.yaml mapping images to local commands (IMAGE: {command: [...]}); implies --run-jobs
          --container-runtime processes|podman
                              how the kubelet runs pods: local processes (default) or real podman containers
          --work-dir DIR      pods under DIR/pods, PersistentVolumeClaims as folders under DIR/pvc/CLAIM; implies --run-jobs
          --faults SPEC       inject API faults, e.g. 'rate=0.15,codes=500|429|409,watch-cut=2s-8s,seed=7'
          -h, --help          print this help and exit
        """;

    private static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(10);

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        using var signals = StopSignals.Register(stop);
        return await RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
    }

    /// <summary>Serves until <paramref name="stop"/>; 0 after a graceful stop, 2 for bad arguments, a bad images file or a taken port.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            await output.WriteLineAsync(Help).ConfigureAwait(false);
            return 0;
        }

        string? kubeconfig = null;
        var port = 0;
        var runJobs = false;
        string? images = null;
        var runtime = Pods.ContainerRuntimeKind.Processes;
        string? workDirectory = null;
        Faults.RandomFaults? faults = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--kubeconfig" when i + 1 < args.Count:
                    kubeconfig = args[++i];
                    break;
                case "--port" when i + 1 < args.Count && int.TryParse(args[i + 1], out var parsed) && parsed is >= 0 and <= 65535:
                    port = parsed;
                    i++;
                    break;
                case "--run-jobs":
                    runJobs = true;
                    break;
                case "--images" when i + 1 < args.Count:
                    images = args[++i];
                    runJobs = true;
                    break;
                case "--container-runtime" when i + 1 < args.Count && Enum.TryParse<Pods.ContainerRuntimeKind>(args[i + 1], ignoreCase: true, out var kind) && !int.TryParse(args[i + 1], out _):
                    runtime = kind;
                    runJobs = true;
                    i++;
                    break;
                case "--work-dir" when i + 1 < args.Count:
                    workDirectory = Path.GetFullPath(args[++i]);
                    runJobs = true;
                    break;
                case "--faults" when i + 1 < args.Count:
                    try
                    {
                        faults = Faults.RandomFaults.Parse(args[++i]);
                    }
                    catch (FormatException failure)
                    {
                        await error.WriteLineAsync(failure.Message).ConfigureAwait(false);
                        return ExitInvalidInput;
                    }

                    break;
                default:
                    await error.WriteLineAsync($"unknown or incomplete argument \"{args[i]}\" (--container-runtime takes processes or podman)\n{Usage}").ConfigureAwait(false);
                    return ExitInvalidInput;
            }
        }

        if (kubeconfig is null)
        {
            await error.WriteLineAsync($"missing --kubeconfig FILE\n{Usage}").ConfigureAwait(false);
            return ExitInvalidInput;
        }

        DevClusterHost host;
        try
        {
            // A work directory holds pods/NAMESPACE/POD and pvc/CLAIM (one folder per PersistentVolumeClaim).
            var workloads = new Jobs.WorkloadOptions
            {
                ImageCommandsFile = images,
                ContainerRuntime = runtime,
                HostVolumes = workDirectory is not null,
                PodsDirectory = workDirectory is null ? null : Path.Combine(workDirectory, "pods"),
                ClaimsDirectory = workDirectory is null ? null : Path.Combine(workDirectory, "pvc"),
            };
            host = await DevClusterHost.StartAsync(new DevClusterOptions { Port = port, RunJobs = runJobs, Workloads = workloads, Faults = faults });
        }
        catch (Exception failure) when (failure is FormatException or FileNotFoundException)
        {
            await error.WriteLineAsync(failure.Message).ConfigureAwait(false);
            return ExitInvalidInput;
        }
        catch (Exception failure) when (PortInUseException.IsAddressInUse(failure))
        {
            await error.WriteLineAsync("error: " + new PortInUseException(port, "--port N", failure).Message).ConfigureAwait(false);
            return ExitInvalidInput;
        }

        try
        {
            // The first line is the address, even when the Job runner has more to say.
            await output.WriteLineAsync($"Listening on {host.BaseAddress.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            if (host.Workloads is { } workloads)
            {
                await output.WriteLineAsync($"Running Jobs and pods as {(runtime == Pods.ContainerRuntimeKind.Podman ? "podman containers" : "local processes")}; pod directories and logs under {workloads.Pods.PodsDirectory}").ConfigureAwait(false);
            }

            host.WriteKubeconfig(kubeconfig);
            await output.WriteLineAsync($"Wrote kubeconfig {Path.GetFullPath(kubeconfig)}; use: kubectl --kubeconfig {kubeconfig} get namespaces").ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await output.WriteLineAsync("Stopping: ending watches, stopping pods").ConfigureAwait(false);
        }
        finally
        {
            // A hung shutdown must not keep the process alive: give up after a deadline (a second signal kills at once).
            var stopped = host.DisposeAsync().AsTask();
            if (await Task.WhenAny(stopped, Task.Delay(ShutdownDeadline)) != stopped)
            {
                await error.WriteLineAsync($"DevCluster did not stop within {ShutdownDeadline.TotalSeconds:0} s; exiting anyway").ConfigureAwait(false);
            }
        }

        return 0;
    }
}
