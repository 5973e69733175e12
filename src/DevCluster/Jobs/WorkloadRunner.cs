using KubeTune.DevCluster.Pods;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Jobs;

/// <summary>
/// Runs workloads in the development cluster: the Job controller and the local pod runner (kubelet), with the
/// image mapping and the scripted fates of <see cref="WorkloadOptions"/>.
/// </summary>
public sealed class WorkloadRunner : IAsyncDisposable
{
    private WorkloadRunner(JobController jobs, TtlAfterFinishedController ttl, PodRunner pods, PodScripts scripts)
    {
        Jobs = jobs;
        TtlAfterFinished = ttl;
        Pods = pods;
        Scripts = scripts;
    }

    public JobController Jobs { get; }

    /// <summary>Deletes finished Jobs once their <c>ttlSecondsAfterFinished</c> has passed.</summary>
    public TtlAfterFinishedController TtlAfterFinished { get; }

    public PodRunner Pods { get; }

    /// <summary>Scripted fates by image; change them at any time (the next pod of the image takes the next fate).</summary>
    public PodScripts Scripts { get; }

    /// <summary>Starts both; a bad image mapping file throws <see cref="FormatException"/> naming the file and line.</summary>
    public static WorkloadRunner Start(ClusterStore store, WorkloadOptions options, TimeProvider time, Auth.ProjectedTokenWriter? tokens = null)
    {
        var commands = new Dictionary<string, ImageCommand>(StringComparer.Ordinal);
        if (options.ImageCommandsFile is { } file)
        {
            foreach (var (image, command) in ImageCommandFile.Load(file))
            {
                commands[image] = command;
            }
        }

        foreach (var (image, command) in options.ImageCommands)
        {
            commands[image] = command;
        }

        var scripts = new PodScripts();
        foreach (var (image, fates) in options.ImageScripts)
        {
            try
            {
                scripts.Script(image, fates);
            }
            catch (FormatException error)
            {
                throw new FormatException($"WorkloadOptions.ImageScripts[\"{image}\"]: {error.Message}", error);
            }
        }

        var podsDirectory = options.PodsDirectory
            ?? Path.Combine(Path.GetTempPath(), "kubetune-devcluster", $"pods-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var pods = new PodRunner(store, options, commands, scripts, podsDirectory, time, tokens);
        return new WorkloadRunner(new JobController(store, options, time), new TtlAfterFinishedController(store, time), pods, scripts);
    }

    public async ValueTask DisposeAsync()
    {
        await TtlAfterFinished.DisposeAsync();
        await Jobs.DisposeAsync();
        await Pods.DisposeAsync();
    }
}
