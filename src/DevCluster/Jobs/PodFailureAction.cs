namespace KubeTune.DevCluster.Jobs;

/// <summary>What a Job's podFailurePolicy says about one failed pod.</summary>
internal enum PodFailureAction
{
    Count,
    Ignore,
    FailJob,
}
