using KubeTune.DevCluster.Jobs;

namespace KubeTune.DevCluster.Pods;

/// <summary>What every pod execution shares: settings, the image mapping, the scripts, the clock and the pods folder.</summary>
internal sealed record PodRunnerContext(WorkloadOptions Options, IReadOnlyDictionary<string, ImageCommand> Commands, PodScripts Scripts, string PodsDirectory, TimeProvider Time)
{
    public const string LogFileName = "container.log";

    /// <summary>Writes and rotates the projected serviceAccountToken volumes of process pods; null: none are written.</summary>
    public Auth.ProjectedTokenWriter? Tokens { get; init; }

    public string PodDirectory(string ns, string name) => Path.Combine(PodsDirectory, ns, name);
}
