using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Http;

/// <summary>The READY, STATUS and RESTARTS cells of <c>kubectl get pods</c>, computed like the API server's pod printer.</summary>
internal static class PodColumns
{
    public static JsonNode Ready(JsonObject pod, DateTimeOffset now)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = Statuses(pod).Count(status => IsTrue(status["ready"]) && status["state"]?["running"] is not null);
        return $"{ready}/{containers}";
    }

    /// <summary>The phase, or what is wrong: ErrImagePull, ImagePullBackOff, CrashLoopBackOff, OOMKilled, Error, Completed, Terminating...</summary>
    public static JsonNode Status(JsonObject pod, DateTimeOffset now)
    {
        var reason = Text(pod["status"]?["reason"]) ?? Text(pod["status"]?["phase"]) ?? "Pending";
        var running = false;
        foreach (var status in Statuses(pod).Reverse())
        {
            var state = status["state"];
            if (Text(state?["waiting"]?["reason"]) is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (state?["terminated"] is JsonObject terminated)
            {
                reason = Text(terminated["reason"]) is { Length: > 0 } terminatedReason ? terminatedReason
                    : Text(terminated["signal"]) is { } signal && signal != "0" ? $"Signal:{signal}"
                    : $"ExitCode:{Text(terminated["exitCode"]) ?? "0"}";
            }
            else if (state?["running"] is not null && IsTrue(status["ready"]))
            {
                running = true;
            }
        }

        if (reason == "Completed" && running)
        {
            reason = "Running";
        }

        return pod["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : reason;
    }

    /// <summary>The restart count, with how long ago the last restart was: <c>2 (5s ago)</c>.</summary>
    public static JsonNode Restarts(JsonObject pod, DateTimeOffset now)
    {
        long restarts = 0;
        DateTimeOffset? last = null;
        foreach (var status in Statuses(pod))
        {
            restarts += long.TryParse(Text(status["restartCount"]), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
            if (Text(status["lastState"]?["terminated"]?["finishedAt"]) is { } finished
                && DateTimeOffset.TryParse(finished, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                && (last is null || at > last))
            {
                last = at;
            }
        }

        var text = restarts.ToString(CultureInfo.InvariantCulture);
        return restarts > 0 && last is { } when ? $"{text} ({HumanDuration.Format(now - when)} ago)" : text;
    }

    private static IEnumerable<JsonObject> Statuses(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string? Text(JsonNode? node) => node is JsonValue value ? value.ToString() : null;
}
