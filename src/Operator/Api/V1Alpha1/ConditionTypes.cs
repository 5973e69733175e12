namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Condition types in status.conditions (metav1.Condition shape).</summary>
public static class ConditionTypes
{
    public const string Accepted = "Accepted";
    public const string Queued = "Queued";
    public const string Running = "Running";
    public const string Suspended = "Suspended";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    /// <summary>spec.serving: the InferenceService serving the output is ready (only on jobs with spec.serving, once they succeed).</summary>
    public const string Serving = "Serving";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Accepted, Queued, Running, Suspended, Succeeded, Failed];
}
