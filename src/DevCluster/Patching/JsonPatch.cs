using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy and test operations addressed by JSON pointers.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        for (var index = 0; index < operations.Count; index++)
        {
            if (operations[index] is not JsonObject operation)
            {
                throw Invalid($"operation {index} is not an object");
            }

            var op = operation["op"]?.ToString() ?? throw Invalid($"operation {index} has no \"op\"");
            var path = operation["path"]?.ToString() ?? throw Invalid($"operation {index} ({op}) has no \"path\"");
            switch (op)
            {
                case "add":
                    document = Add(document, path, Required(operation, "value", index).DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, Required(operation, "value", index).DeepClone());
                    break;
                case "move":
                    var moveFrom = operation["from"]?.ToString() ?? throw Invalid($"operation {index} (move) has no \"from\"");
                    var moved = Get(document, moveFrom).DeepClone();
                    Remove(document, moveFrom);
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    var copyFrom = operation["from"]?.ToString() ?? throw Invalid($"operation {index} (copy) has no \"from\"");
                    document = Add(document, path, Get(document, copyFrom).DeepClone());
                    break;
                case "test":
                    var expected = operation["value"];
                    if (!JsonNode.DeepEquals(Get(document, path), expected))
                    {
                        throw Invalid($"test operation at {path} failed: the value is not {expected?.ToJsonString() ?? "null"}");
                    }

                    break;
                default:
                    throw Invalid($"unknown operation \"{op}\" at index {index}");
            }
        }

        return document;
    }

    private static JsonNode Required(JsonObject operation, string field, int index) =>
        operation.TryGetPropertyValue(field, out var value) && value is not null ? value : throw Invalid($"operation {index} has no \"{field}\"");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (!pointer.StartsWith('/'))
        {
            throw Invalid($"JSON pointer \"{pointer}\" must start with '/'");
        }

        return [.. pointer[1..].Split('/').Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode Get(JsonNode document, string pointer) => Walk(document, Tokens(pointer), pointer);

    private static JsonNode Walk(JsonNode document, IEnumerable<string> tokens, string pointer)
    {
        var node = document;
        foreach (var token in tokens)
        {
            node = Child(node, token) ?? throw Invalid($"doc is missing path: \"{pointer}\"");
        }

        return node;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj[token],
        JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count => array[i],
        _ => null,
    };

    private static JsonNode Add(JsonNode document, string pointer, JsonNode value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            return value;
        }

        var parent = Walk(document, tokens[..^1], pointer);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var i) && i >= 0 && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Invalid($"cannot add at \"{pointer}\"");
        }

        return document;
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0)
        {
            throw Invalid("cannot remove the whole document");
        }

        var parent = Walk(document, tokens[..^1], pointer);
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, out var i) && i >= 0 && i < array.Count => RemoveAt(array, i),
            _ => false,
        };
        if (!removed)
        {
            throw Invalid($"unable to remove nonexistent key: \"{pointer}\"");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static StatusException Invalid(string message) => ApiErrors.ForCode(422, "the server rejected our request due to an error in our request: " + message);
}
