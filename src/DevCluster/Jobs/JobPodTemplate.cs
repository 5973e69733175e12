using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Jobs;

/// <summary>Builds a Job's pod from its template: name <c>JOB-xxxxx</c>, the Job's labels and a controller owner reference.</summary>
internal static class JobPodTemplate
{
    public static JsonObject Build(JsonObject job)
    {
        var name = ObjectMetadata.Name(job);
        var uid = ObjectMetadata.Uid(job);
        if (job["spec"]?["template"] is not JsonObject template || template["spec"] is not JsonObject podSpec)
        {
            throw new InvalidOperationException($"Job {ObjectMetadata.Namespace(job)}/{name} has no spec.template.spec");
        }

        var metadata = template["metadata"]?.DeepClone() as JsonObject ?? [];
        foreach (var serverField in new[] { "name", "uid", "resourceVersion", "creationTimestamp", "ownerReferences", "namespace" })
        {
            metadata.Remove(serverField);
        }

        var labels = metadata["labels"] as JsonObject ?? [];
        labels[JobLabels.ControllerUid] = uid;
        labels[JobLabels.LegacyControllerUid] = uid;
        labels[JobLabels.JobName] = name;
        labels[JobLabels.LegacyJobName] = name;
        metadata["labels"] = labels;
        metadata["generateName"] = name + "-";
        metadata["namespace"] = ObjectMetadata.Namespace(job);
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["name"] = name,
            ["uid"] = uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = podSpec.DeepClone(),
        };
    }

    /// <summary>True when <paramref name="pod"/> names the Job with this uid as its controller.</summary>
    public static bool IsControlledBy(JsonObject pod, string jobUid) =>
        pod["metadata"]?["ownerReferences"] is JsonArray owners
        && owners.OfType<JsonObject>().Any(owner => owner["uid"]?.GetValue<string>() == jobUid && owner["controller"]?.GetValue<bool>() == true);
}
