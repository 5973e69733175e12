using k8s;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// What an informer drops from each object before caching it (freshly deserialized, so nobody else holds it): only the
/// fields the reconciler reads stay. At 10,000 jobs this is most of the operator's memory.
/// </summary>
public static class CacheTrim
{
    /// <summary>Written by kubectl apply: a second copy of the spec the reconciler never reads.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>managedFields and the last-applied copy (bookkeeping of the API server and kubectl) go; repeated strings are pooled.</summary>
    public static T Metadata<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var pool = StringPool.Shared;
        item.ApiVersion = pool.Intern(item.ApiVersion);
        item.Kind = pool.Intern(item.Kind);
        if (item.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
            metadata.Annotations?.Remove(LastAppliedAnnotation);
            metadata.NamespaceProperty = pool.Intern(metadata.NamespaceProperty);
            metadata.Labels = pool.InternKeys(metadata.Labels);
            metadata.Annotations = pool.InternKeys(metadata.Annotations);
        }

        return item;
    }

    /// <summary>A trainer Job keeps metadata, spec.suspend (the one spec field the reconciler reads) and status; the rest is built from the FineTuneJob.</summary>
    public static V1Job Job(V1Job job)
    {
        Metadata(job);
        if (job.Spec is { } spec)
        {
            job.Spec = new V1JobSpec { Suspend = spec.Suspend };
        }

        return job;
    }

    /// <summary>A trainer ConfigMap keeps its metadata (the spec-hash annotation says whether it is current); job.json goes.</summary>
    public static V1ConfigMap ConfigMap(V1ConfigMap configMap)
    {
        Metadata(configMap);
        configMap.Data = null;
        configMap.BinaryData = null;
        return configMap;
    }
}
