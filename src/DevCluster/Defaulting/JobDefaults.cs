using System.Text.Json.Nodes;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Defaulting;

/// <summary>
/// What the API server adds to a batch/v1 Job: the generated selector and pod template labels (unless
/// <c>manualSelector</c>), completions/parallelism 1, backoffLimit 6, suspend false, completionMode NonIndexed,
/// podReplacementPolicy, and the pod template's PodSpec defaults. Runs on create and on every update.
/// </summary>
public static class JobDefaults
{
    public const int DefaultBackoffLimit = 6;

    /// <summary>Defaults <paramref name="job"/> in place; its metadata.uid must already be set.</summary>
    public static void Apply(JsonObject job)
    {
        if (job["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
        }

        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= spec["backoffLimitPerIndex"] is null ? DefaultBackoffLimit : int.MaxValue;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["manualSelector"] ??= false;
        spec["podReplacementPolicy"] ??= spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed";
        DefaultPodFailurePolicy(spec);

        var template = spec["template"] as JsonObject;
        if (template?["spec"] is JsonObject podSpec)
        {
            PodDefaults.ApplyToSpec(podSpec, isPod: false);
        }

        if (template is not null && !IsTrue(spec["manualSelector"]))
        {
            GenerateSelector(job, spec, template);
        }

        // The API server shares the template's label map with a Job that has no labels of its own.
        var metadata = ObjectMetadata.Of(job);
        if (metadata["labels"] is not JsonObject { Count: > 0 } && template?["metadata"]?["labels"] is JsonObject { Count: > 0 } templateLabels)
        {
            metadata["labels"] = templateLabels.DeepClone();
        }
    }

    private static void GenerateSelector(JsonObject job, JsonObject spec, JsonObject template)
    {
        var uid = ObjectMetadata.Uid(job);
        var name = ObjectMetadata.Name(job);
        var templateMetadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = templateMetadata;
        var labels = templateMetadata["labels"] as JsonObject ?? [];
        templateMetadata["labels"] = labels;
        labels[JobLabels.ControllerUid] ??= uid;
        labels[JobLabels.LegacyControllerUid] ??= uid;
        labels[JobLabels.JobName] ??= name;
        labels[JobLabels.LegacyJobName] ??= name;

        var selector = spec["selector"] as JsonObject ?? [];
        spec["selector"] = selector;
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        selector["matchLabels"] = matchLabels;
        matchLabels[JobLabels.ControllerUid] ??= uid;
    }

    // onPodConditions patterns default their status to "True".
    private static void DefaultPodFailurePolicy(JsonObject spec)
    {
        if (spec["podFailurePolicy"]?["rules"] is not JsonArray rules)
        {
            return;
        }

        foreach (var pattern in rules.OfType<JsonObject>().Select(rule => rule["onPodConditions"]).OfType<JsonArray>().SelectMany(patterns => patterns.OfType<JsonObject>()))
        {
            pattern["status"] ??= "True";
        }
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
