using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>JSON helpers: the OpenAPI type of a value (integer vs number), numeric reads, deep equality, and rendering in messages.</summary>
internal static class JsonValues
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>object, array, string, boolean, integer (a whole number, as go-openapi counts it), number, or null.</summary>
    public static string TypeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => AsLong(value) is null ? "number" : "integer",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>The number as a double; works for parsed JSON and for values created from any .NET numeric type.</summary>
    public static double? AsDouble(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        return value.TryGetValue<double>(out var number) ? number : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
    }

    /// <summary>The value as a long when it is a whole number in range (1.0 counts), else null.</summary>
    public static long? AsLong(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        if (value.TryGetValue<long>(out var whole) || long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole))
        {
            return whole;
        }
        var number = AsDouble(value)!.Value;
        return Math.Floor(number) == number && number >= long.MinValue && number < 9.2233720368547758E18 ? (long)number : null;
    }

    /// <summary>JSON equality where 1 and 1.0 are equal and object key order does not matter.</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        if (left is JsonValue a && right is JsonValue b && a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return AsDouble(a) == AsDouble(b);
        }
        return JsonNode.DeepEquals(left, right);
    }

    /// <summary>A value as the API server shows it after "Invalid value:": strings quoted, numbers plain, objects as JSON.</summary>
    public static string Render(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number =>
            AsDouble(value)!.Value.ToString("G", CultureInfo.InvariantCulture).ToLowerInvariant(),
        _ => node.ToJsonString(Compact),
    };
}
