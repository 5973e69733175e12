using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Jobs;

/// <summary>
/// Evaluates a Job's <c>spec.podFailurePolicy</c> for a failed pod like Kubernetes: the first matching rule wins;
/// <c>onExitCodes</c> (In/NotIn, optional containerName, exit code 0 never matches) or <c>onPodConditions</c>;
/// no match (or no policy) counts the failure.
/// </summary>
internal static class PodFailurePolicy
{
    public static PodFailureVerdict Evaluate(JsonObject job, JsonObject pod)
    {
        if (job["spec"]?["podFailurePolicy"]?["rules"] is not JsonArray rules)
        {
            return new PodFailureVerdict(PodFailureAction.Count);
        }

        var podName = $"{ObjectMetadata.Namespace(pod)}/{ObjectMetadata.Name(pod)}";
        for (var index = 0; index < rules.Count; index++)
        {
            if (rules[index] is not JsonObject rule)
            {
                continue;
            }

            var match = rule["onExitCodes"] is JsonObject onExitCodes ? MatchExitCodes(onExitCodes, pod, podName)
                : rule["onPodConditions"] is JsonArray onConditions ? MatchConditions(onConditions, pod, podName)
                : null;
            if (match is null)
            {
                continue;
            }

            var actionName = rule["action"]?.GetValue<string>() ?? "Count";
            var action = actionName switch
            {
                "FailJob" => PodFailureAction.FailJob,
                "Ignore" => PodFailureAction.Ignore,
                _ => PodFailureAction.Count,
            };
            return new PodFailureVerdict(action, $"{match} matching {actionName} rule at index {index}");
        }

        return new PodFailureVerdict(PodFailureAction.Count);
    }

    private static string? MatchExitCodes(JsonObject onExitCodes, JsonObject pod, string podName)
    {
        var containerName = onExitCodes["containerName"]?.GetValue<string>();
        var isIn = onExitCodes["operator"]?.GetValue<string>() != "NotIn";
        var values = onExitCodes["values"] is JsonArray array ? array.Select(value => JsonNumbers.Long(value) ?? -1).ToHashSet() : [];
        var statuses = pod["status"]?["containerStatuses"] as JsonArray ?? [];
        foreach (var status in statuses.OfType<JsonObject>())
        {
            var name = status["name"]?.GetValue<string>() ?? "";
            if (JsonNumbers.Long(status["state"]?["terminated"]?["exitCode"]) is not { } exitCode || exitCode == 0
                || (containerName is not null && containerName != name))
            {
                continue;
            }

            if (values.Contains(exitCode) == isIn)
            {
                return $"Container {name} for pod {podName} failed with exit code {exitCode}";
            }
        }

        return null;
    }

    private static string? MatchConditions(JsonArray onConditions, JsonObject pod, string podName)
    {
        var conditions = pod["status"]?["conditions"] as JsonArray ?? [];
        foreach (var pattern in onConditions.OfType<JsonObject>())
        {
            var type = pattern["type"]?.GetValue<string>();
            var status = pattern["status"]?.GetValue<string>() ?? "True";
            if (conditions.OfType<JsonObject>().Any(condition => condition["type"]?.GetValue<string>() == type && condition["status"]?.GetValue<string>() == status))
            {
                return $"Pod {podName} has condition {type}";
            }
        }

        return null;
    }
}
