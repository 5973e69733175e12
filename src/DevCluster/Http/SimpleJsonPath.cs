using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeTune.DevCluster.Http;

/// <summary>
/// The JSONPath subset printer columns use: <c>.a.b</c>, <c>.items[0]</c>, <c>['key.with.dots']</c> and
/// <c>[?(@.type=="Ready")]</c>; returns the first match or null.
/// </summary>
public static partial class SimpleJsonPath
{
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        var node = root;
        var text = path.Trim().TrimStart('{').TrimEnd('}').Trim();
        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        foreach (Match segment in SegmentPattern().Matches(text))
        {
            if (node is null)
            {
                return null;
            }

            if (segment.Groups["field"].Success)
            {
                node = (node as JsonObject)?[segment.Groups["field"].Value];
            }
            else if (segment.Groups["quoted"].Success)
            {
                node = (node as JsonObject)?[segment.Groups["quoted"].Value];
            }
            else if (segment.Groups["index"].Success)
            {
                var index = int.Parse(segment.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                node = node is JsonArray array && index >= 0 && index < array.Count ? array[index] : null;
            }
            else if (segment.Groups["filterKey"].Success)
            {
                var key = segment.Groups["filterKey"].Value;
                var value = segment.Groups["filterValue"].Value;
                node = (node as JsonArray)?.FirstOrDefault(item => item?[key]?.ToString() == value);
            }
        }

        return node;
    }

    [GeneratedRegex("""\.(?<field>[A-Za-z0-9_\-]+)|\[['"](?<quoted>[^'"]+)['"]\]|\[(?<index>\d+)\]|\[\?\(@\.(?<filterKey>[A-Za-z0-9_\-]+)\s*==\s*['"](?<filterValue>[^'"]*)['"]\)\]""")]
    private static partial Regex SegmentPattern();
}
