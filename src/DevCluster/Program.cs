namespace KubeTune.DevCluster;

/// <summary>
/// Command line: <c>--kubeconfig FILE [--port N] [--run-jobs] [--images FILE] [--work-dir DIR] [--faults SPEC]</c>; serves
/// until SIGTERM or Ctrl-C, then stops gracefully. With <c>--work-dir</c>, pods get their volumes as host folders as
/// <c>local</c> gives them (claims under DIR/pvc, pods under DIR/pods), so a real trainer runs.
/// </summary>
public static class Program
{
    private static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(10);
    private const string Usage = "usage: DevCluster --kubeconfig FILE [--port N] [--run-jobs] [--images FILE] [--work-dir DIR] [--faults SPEC]";

    public static async Task<int> Main(string[] args)
    {
        string? kubeconfig = null;
        var port = 0;
        var runJobs = false;
        string? images = null;
        string? workDirectory = null;
        Faults.RandomFaults? faults = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--kubeconfig" when i + 1 < args.Length:
                    kubeconfig = args[++i];
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed is >= 0 and <= 65535:
                    port = parsed;
                    i++;
                    break;
                case "--run-jobs":
                    runJobs = true;
                    break;
                case "--images" when i + 1 < args.Length:
                    images = args[++i];
                    runJobs = true;
                    break;
                case "--work-dir" when i + 1 < args.Length:
                    workDirectory = Path.GetFullPath(args[++i]);
                    runJobs = true;
                    break;
                case "--faults" when i + 1 < args.Length:
                    try
                    {
                        faults = Faults.RandomFaults.Parse(args[++i]);
                    }
                    catch (FormatException error)
                    {
                        await Console.Error.WriteLineAsync(error.Message);
                        return 2;
                    }

                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown or incomplete argument \"{args[i]}\"\n{Usage}");
                    return 2;
            }
        }

        if (kubeconfig is null)
        {
            await Console.Error.WriteLineAsync($"missing --kubeconfig FILE\n{Usage}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var signals = StopSignals.Register(stop);
        DevClusterHost host;
        try
        {
            var workloads = workDirectory is null
                ? new Jobs.WorkloadOptions { ImageCommandsFile = images }
                : new Jobs.WorkloadOptions { ImageCommandsFile = images, HostVolumes = true, PodsDirectory = Path.Combine(workDirectory, "pods"), ClaimsDirectory = Path.Combine(workDirectory, "pvc") };
            host = await DevClusterHost.StartAsync(new DevClusterOptions { Port = port, RunJobs = runJobs, Workloads = workloads, Faults = faults });
        }
        catch (Exception error) when (error is FormatException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return 2;
        }

        try
        {
            // The first line is the address, even when the Job runner has more to say.
            Console.WriteLine($"Listening on {host.BaseAddress.GetLeftPart(UriPartial.Authority)}");
            if (host.Workloads is { } workloads)
            {
                Console.WriteLine($"Running Jobs and pods; pod directories and logs under {workloads.Pods.PodsDirectory}");
            }

            host.WriteKubeconfig(kubeconfig);
            Console.WriteLine($"Wrote kubeconfig {Path.GetFullPath(kubeconfig)}; use: kubectl --kubeconfig {kubeconfig} get namespaces");
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Console.WriteLine("Stopping: ending watches, stopping pods");
        }
        finally
        {
            // A hung shutdown must not keep the process alive: give up after a deadline (a second signal kills at once).
            var stopped = host.DisposeAsync().AsTask();
            if (await Task.WhenAny(stopped, Task.Delay(ShutdownDeadline)) != stopped)
            {
                await Console.Error.WriteLineAsync($"DevCluster did not stop within {ShutdownDeadline.TotalSeconds:0} s; exiting anyway");
            }
        }

        return 0;
    }
}
