using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>Maps watched objects to the FineTuneJob keys that must be reconciled when they change.</summary>
public static class OwnerKeys
{
    /// <summary>The label every child of a FineTuneJob carries, naming its FineTuneJob.</summary>
    public const string JobLabel = "kubetune.io/job";

    public const string OwnerGroup = "kubetune.io";
    public const string OwnerKind = "FineTuneJob";

    /// <summary>The object itself (for the FineTuneJob informer).</summary>
    public static IEnumerable<ObjectKey> Self(IKubernetesObject<V1ObjectMeta> item) =>
        [new ObjectKey(item.Metadata.NamespaceProperty ?? string.Empty, item.Metadata.Name)];

    /// <summary>
    /// The owning FineTuneJob of a child (Job, Pod, ConfigMap): its controller ownerReference of kind
    /// FineTuneJob, else the <c>kubetune.io/job</c> label (pods are owned by the Job, not the FineTuneJob).
    /// </summary>
    public static IEnumerable<ObjectKey> OwningFineTuneJob(IKubernetesObject<V1ObjectMeta> item)
    {
        var metadata = item.Metadata;
        var ns = metadata.NamespaceProperty ?? string.Empty;
        var owner = metadata.OwnerReferences?.FirstOrDefault(reference =>
            reference.Controller == true
            && reference.Kind == OwnerKind
            && reference.ApiVersion?.StartsWith(OwnerGroup + "/", StringComparison.Ordinal) == true);
        if (owner is not null)
        {
            return [new ObjectKey(ns, owner.Name)];
        }

        if (metadata.Labels?.TryGetValue(JobLabel, out var jobName) == true && !string.IsNullOrEmpty(jobName))
        {
            return [new ObjectKey(ns, jobName)];
        }

        return [];
    }
}
