using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>Builds the ConfigMap &lt;name&gt;-config holding the trainer's job.json.</summary>
public static class ConfigMapBuilder
{
    public static V1ConfigMap Build(FineTuneJob job, string configJson) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = ChildLabels.ConfigMapName(job.Metadata.Name),
            NamespaceProperty = job.Metadata.NamespaceProperty,
            Labels = ChildLabels.For(job.Metadata.Name),
            Annotations = new Dictionary<string, string> { [ChildLabels.SpecHash] = ContentHash.Of(configJson) },
            OwnerReferences = [OwnerReferenceFor(job)],
        },
        Data = new Dictionary<string, string> { [TrainerPaths.ConfigFileName] = configJson },
    };

    /// <summary>The controller owner reference every child carries, so deletion cascades and the GC waits for it.</summary>
    public static V1OwnerReference OwnerReferenceFor(FineTuneJob job) => new()
    {
        ApiVersion = FineTuneJob.GroupVersion,
        Kind = FineTuneJob.KindName,
        Name = job.Metadata.Name,
        Uid = job.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
