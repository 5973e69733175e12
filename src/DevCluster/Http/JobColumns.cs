using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Http;

/// <summary>The STATUS, COMPLETIONS, DURATION (and wide) cells of <c>kubectl get jobs</c>, like the API server's job printer.</summary>
internal static class JobColumns
{
    public static JsonNode Status(JsonObject job, DateTimeOffset now) =>
        HasCondition(job, "Complete") ? "Complete"
        : HasCondition(job, "Failed") ? "Failed"
        : job["metadata"]?["deletionTimestamp"] is not null ? "Terminating"
        : HasCondition(job, "Suspended") ? "Suspended"
        : HasCondition(job, "FailureTarget") ? "FailureTarget"
        : HasCondition(job, "SuccessCriteriaMet") ? "SuccessCriteriaMet"
        : "Running";

    public static JsonNode Completions(JsonObject job, DateTimeOffset now)
    {
        var succeeded = Number(job["status"]?["succeeded"]) ?? 0;
        if (Number(job["spec"]?["completions"]) is { } completions)
        {
            return Invariant($"{succeeded}/{completions}");
        }

        var parallelism = Number(job["spec"]?["parallelism"]) ?? 0;
        return parallelism > 1 ? Invariant($"{succeeded}/1 of {parallelism}") : Invariant($"{succeeded}/1");
    }

    public static JsonNode Duration(JsonObject job, DateTimeOffset now)
    {
        if (Time(job["status"]?["startTime"]) is not { } start)
        {
            return "";
        }

        return HumanDuration.Format((Time(job["status"]?["completionTime"]) ?? now) - start);
    }

    public static JsonNode Containers(JsonObject job, DateTimeOffset now) => string.Join(',', TemplateContainers(job).Select(container => container["name"]?.ToString()));

    public static JsonNode Images(JsonObject job, DateTimeOffset now) => string.Join(',', TemplateContainers(job).Select(container => container["image"]?.ToString()));

    public static JsonNode Selector(JsonObject job, DateTimeOffset now) =>
        job["spec"]?["selector"]?["matchLabels"] is JsonObject labels ? string.Join(',', labels.Select(label => $"{label.Key}={label.Value}")) : "<none>";

    private static IEnumerable<JsonObject> TemplateContainers(JsonObject job) =>
        (job["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static bool HasCondition(JsonObject job, string type) =>
        job["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(condition => condition["type"]?.ToString() == type && condition["status"]?.ToString() == "True");

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue value && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
