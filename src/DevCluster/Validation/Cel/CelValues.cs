using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>Turns JSON into CEL values the way the API server types them from the schema: integer to int, number to double.</summary>
internal static class CelValues
{
    /// <summary>Converts <paramref name="node"/>; <paramref name="isRoot"/> hides metadata except name and generateName, as Kubernetes does.</summary>
    public static object? FromJson(JsonNode? node, SchemaNode? schema, bool isRoot = false) => node switch
    {
        null => null,
        JsonObject obj => FromObject(obj, schema, isRoot),
        JsonArray array => array.Select(item => FromJson(item, schema?.Items)).ToList(),
        JsonValue value => FromScalar(value, schema),
        _ => null,
    };

    private static Dictionary<string, object?> FromObject(JsonObject obj, SchemaNode? schema, bool isRoot)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in obj)
        {
            if (isRoot && name == "metadata" && value is JsonObject metadata)
            {
                map[name] = VisibleMetadata(metadata);
                continue;
            }
            map[name] = FromJson(value, schema?.Property(name));
        }
        return map;
    }

    private static Dictionary<string, object?> VisibleMetadata(JsonObject metadata)
    {
        var visible = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in new[] { "name", "generateName" })
        {
            if (metadata[name] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                visible[name] = text;
            }
        }
        return visible;
    }

    private static object? FromScalar(JsonValue value, SchemaNode? schema)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                var whole = JsonValues.AsLong(value);
                if (schema?.Type == "number" || whole is null)
                {
                    return JsonValues.AsDouble(value)!.Value;
                }
                return whole.Value;
            default:
                return null;
        }
    }
}
