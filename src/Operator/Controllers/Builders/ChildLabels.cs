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

    /// <summary>Label domains that belong to Kubernetes or to KubeTune; a FineTuneJob's labels under them are not copied to its children.</summary>
    public static readonly IReadOnlyList<string> ReservedDomains = ["kubernetes.io", "k8s.io", "kubetune.io"];

    /// <summary>The labels of the Job, its pod template and the ConfigMap.</summary>
    public static Dictionary<string, string> For(string jobName) => new()
    {
        [AppName] = AppNameValue,
        [ManagedBy] = ManagedByValue,
        [Job] = jobName,
    };

    /// <summary>
    /// The labels of the Job and its pod template: the FineTuneJob's own labels (cost allocation, team, project) except
    /// reserved ones, then the operator's, which always win.
    /// </summary>
    public static Dictionary<string, string> Propagated(string jobName, IDictionary<string, string>? ownerLabels)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ownerLabels ?? new Dictionary<string, string>())
        {
            if (!IsReserved(key))
            {
                labels[key] = value;
            }
        }

        foreach (var (key, value) in For(jobName))
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>
    /// Whether a FineTuneJob label stays off its children: a prefix in a reserved domain or a subdomain of one
    /// (app.kubernetes.io/instance is Argo CD's tracking label, which must not mark the Job as the application's),
    /// or Kueue's queue name, which the operator itself puts on the Job only.
    /// </summary>
    public static bool IsReserved(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var prefix = key[..slash];
        return key == KueueQueueName
            || ReservedDomains.Any(domain => prefix == domain || prefix.EndsWith("." + domain, StringComparison.Ordinal));
    }
}
