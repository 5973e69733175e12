using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Http;

/// <summary>
/// The columns of <c>kubectl get events</c> (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; the rest with <c>-o wide</c>), for
/// core/v1 events and events.k8s.io/v1 events alike (their fields have different names).
/// </summary>
internal static class EventColumns
{
    public static IReadOnlyList<TableColumn> All() =>
    [
        BuiltInColumns.Computed("Last Seen", "string", "Time when last Event occurred", LastSeen),
        BuiltInColumns.Computed("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future.", (obj, _) => Text(obj["type"])),
        BuiltInColumns.Computed("Reason", "string", "Reason why the action was taken. It is human-readable.", (obj, _) => Text(obj["reason"])),
        BuiltInColumns.Computed("Object", "string", "Object this event is about.", Target),
        BuiltInColumns.Computed("Subobject", "string", "The field of the object this event is about.", (obj, _) => Text(Regarding(obj)?["fieldPath"]), priority: 1),
        BuiltInColumns.Computed("Source", "string", "The component reporting this event.", Source, priority: 1),
        BuiltInColumns.Computed("Message", "string", "A human-readable description of the status of this operation.", (obj, _) => (Text(obj["message"]) ?? Text(obj["note"]) ?? "").Trim()),
        BuiltInColumns.Computed("First Seen", "string", "Time when first Event occurred", FirstSeen, priority: 1),
        BuiltInColumns.Computed("Count", "integer", "Number of times this event has occurred", Count, priority: 1),
        BuiltInColumns.Name(priority: 1),
    ];

    private static JsonNode? LastSeen(JsonObject obj, DateTimeOffset now)
    {
        var last = Time(obj["series"]?["lastObservedTime"]) ?? Time(obj["lastTimestamp"]) ?? Time(obj["deprecatedLastTimestamp"]);
        return last is { } when ? Since(when, now) : FirstSeen(obj, now);
    }

    private static JsonNode? FirstSeen(JsonObject obj, DateTimeOffset now)
    {
        var first = Time(obj["firstTimestamp"]) ?? Time(obj["deprecatedFirstTimestamp"]) ?? Time(obj["eventTime"]) ?? Time(obj["metadata"]?["creationTimestamp"]);
        return first is { } when ? Since(when, now) : "<unknown>";
    }

    private static JsonNode Target(JsonObject obj, DateTimeOffset now)
    {
        var regarding = Regarding(obj);
        var kind = (Text(regarding?["kind"]) ?? "").ToLowerInvariant();
        return Text(regarding?["name"]) is { Length: > 0 } name ? $"{kind}/{name}" : kind;
    }

    private static JsonNode Source(JsonObject obj, DateTimeOffset now)
    {
        var component = Text(obj["source"]?["component"]) ?? Text(obj["reportingController"]) ?? Text(obj["reportingComponent"]) ?? "";
        var host = Text(obj["source"]?["host"]) ?? Text(obj["reportingInstance"]) ?? "";
        return host.Length > 0 && component.Length > 0 ? $"{component}, {host}" : component;
    }

    private static JsonNode Count(JsonObject obj, DateTimeOffset now)
    {
        var count = obj["series"]?["count"] ?? obj["count"] ?? obj["deprecatedCount"];
        return long.TryParse(Text(count), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;
    }

    private static JsonNode? Regarding(JsonObject obj) => obj["involvedObject"] ?? obj["regarding"];

    private static string Since(DateTimeOffset when, DateTimeOffset now) => HumanDuration.Format(now - when);

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is JsonValue value && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string? Text(JsonNode? node) => node is JsonValue value ? value.ToString() : null;
}
