using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Jobs;

/// <summary>Reads integers from JSON whether they were parsed from text or set from code as int or long.</summary>
internal static class JsonNumbers
{
    public static long? Long(JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static int? Int(JsonNode? node) => Long(node) is { } number ? (int)Math.Clamp(number, int.MinValue, int.MaxValue) : null;
}
