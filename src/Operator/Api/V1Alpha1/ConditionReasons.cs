namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Condition reasons in status.conditions.</summary>
public static class ConditionReasons
{
    public const string Valid = "Valid";
    public const string InvalidSpec = "InvalidSpec";
    public const string WaitingForQueue = "WaitingForQueue";
    public const string Unschedulable = "Unschedulable";
    public const string PodRunning = "PodRunning";
    public const string Restarting = "Restarting";
    public const string UserSuspended = "UserSuspended";
    public const string Resumed = "Resumed";
    public const string Completed = "Completed";
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string OomKilled = "OOMKilled";
    public const string ImagePullFailed = "ImagePullFailed";
    public const string InvalidInput = "InvalidInput";
    public const string Diverged = "Diverged";

    // The Serving condition's reasons (spec.serving).
    public const string InferenceServiceReady = "InferenceServiceReady";
    public const string InferenceServiceNotReady = "InferenceServiceNotReady";
    public const string InferenceServiceFailed = "InferenceServiceFailed";
    public const string InferenceServiceConflict = "InferenceServiceConflict";
    public const string KServeNotInstalled = "KServeNotInstalled";
    public const string ServingUnsupported = "ServingUnsupported";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Valid, InvalidSpec, WaitingForQueue, Unschedulable, PodRunning, Restarting, UserSuspended, Resumed, Completed, BackoffLimitExceeded, DeadlineExceeded, OomKilled, ImagePullFailed, InvalidInput, Diverged, InferenceServiceReady, InferenceServiceNotReady, InferenceServiceFailed, InferenceServiceConflict, KServeNotInstalled, ServingUnsupported];
}
