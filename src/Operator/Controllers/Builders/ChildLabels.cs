namespace KubeTune.Operator.Controllers.Builders;

/// <summary>Names, labels and annotations the operator puts on the children of a FineTuneJob.</summary>
public static class ChildLabels
{
    public const string AppName = "app.kubernetes.io/name";
    public const string AppNameValue = "kubetune-trainer";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "kubetune-operator";
    public const string Job = "kubetune.io/job";
    public const string KueueQueueName = "kueue.x-k8s.io/queue-name";
    public const string SpecHash = "kubetune.io/spec-hash";
    public const string ConfigMapSuffix = "-config";

    /// <summary>A label or annotation value, null when the map or the key is absent.</summary>
    public static string? ValueOf(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    public static string ConfigMapName(string jobName) => jobName + ConfigMapSuffix;

    /// <summary>The labels of the Job, its pod template and the ConfigMap.</summary>
    public static Dictionary<string, string> For(string jobName) => new()
    {
        [AppName] = AppNameValue,
        [ManagedBy] = ManagedByValue,
        [Job] = jobName,
    };
}
