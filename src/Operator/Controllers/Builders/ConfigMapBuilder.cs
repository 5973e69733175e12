using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>
/// Builds the ConfigMap &lt;name&gt;-config holding the trainer's job.json and, when progress is HTTPS with the operator's
/// CA, that CA's public certificate (the job's own copy in its namespace, so the pod mounts it beside job.json).
/// </summary>
public static class ConfigMapBuilder
{
    public static V1ConfigMap Build(FineTuneJob job, string configJson, string? progressCaPem = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = ChildLabels.ConfigMapName(job.Metadata.Name),
            NamespaceProperty = job.Metadata.NamespaceProperty,
            Labels = ChildLabels.For(job.Metadata.Name),
            Annotations = new Dictionary<string, string> { [ChildLabels.SpecHash] = progressCaPem is null ? ContentHash.Of(configJson) : ContentHash.Of(configJson, progressCaPem) },
            OwnerReferences = [OwnerReferenceFor(job)],
        },
        Data = progressCaPem is null
            ? new Dictionary<string, string> { [TrainerPaths.ConfigFileName] = configJson }
            : new Dictionary<string, string> { [TrainerPaths.ConfigFileName] = configJson, [TrainerPaths.ProgressCaFileName] = progressCaPem },
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
