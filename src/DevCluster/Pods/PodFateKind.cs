namespace KubeTune.DevCluster.Pods;

/// <summary>What happens to a pod's container when its fate is scripted instead of run as a process.</summary>
public enum PodFateKind
{
    /// <summary>The container runs, then exits with <see cref="PodFate.ExitCode"/>.</summary>
    Exit,

    /// <summary>The container is OOM-killed: exit 137, terminated reason OOMKilled.</summary>
    OomKilled,

    /// <summary>The pod is evicted: Failed with condition DisruptionTarget (EvictionByEvictionAPI), exit 137.</summary>
    Evicted,

    /// <summary>The pod is preempted: Failed with condition DisruptionTarget (PreemptionByScheduler), exit 137.</summary>
    Preempted,

    /// <summary>The image cannot be pulled: the pod stays Pending in ErrImagePull, then ImagePullBackOff.</summary>
    ImagePullError,

    /// <summary>The container runs until the pod is deleted.</summary>
    Run,
}
