namespace KubeTune.DevCluster.Jobs;

/// <summary>The labels the Job controller puts on its pods, as Kubernetes does.</summary>
public static class JobLabels
{
    public const string ControllerUid = "batch.kubernetes.io/controller-uid";
    public const string LegacyControllerUid = "controller-uid";
    public const string JobName = "batch.kubernetes.io/job-name";
    public const string LegacyJobName = "job-name";
}
