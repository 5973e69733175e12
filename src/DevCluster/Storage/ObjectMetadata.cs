using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>Reads and writes metadata fields of objects held as JSON.</summary>
public static class ObjectMetadata
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? String(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string Name(JsonObject obj) => String(obj, "name") ?? "";

    public static string Namespace(JsonObject obj) => String(obj, "namespace") ?? "";

    public static string Uid(JsonObject obj) => String(obj, "uid") ?? "";

    public static long ResourceVersion(JsonObject obj) =>
        long.TryParse(String(obj, "resourceVersion"), out var version) ? version : 0;

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.ToString() ?? "";
            }
        }

        return labels;
    }

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray array ? [.. array.Select(item => item?.ToString() ?? "")] : [];

    public static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray array
            ? [.. array.Select(item => item?["uid"]?.ToString() ?? "").Where(uid => uid.Length > 0)]
            : [];

    public static long Generation(JsonObject obj) =>
        long.TryParse(obj["metadata"]?["generation"]?.ToString(), out var generation) ? generation : 0;

    public static bool IsDeleting(JsonObject obj) => String(obj, "deletionTimestamp") is not null;

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
