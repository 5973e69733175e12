using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Tests.Validation;

/// <summary>Compact JSON for test tables: single quotes stand for double quotes.</summary>
internal static class TestJson
{
    public static JsonObject Object(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace('\'', '"'))!.AsObject();

    public static JsonNode? Node(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace('\'', '"'));

    /// <summary>A root schema with one property "f" of the given schema, and an object {f: value} (or {} when value is absent).</summary>
    public static (JsonObject Schema, JsonObject Obj) Field(string fieldSchema, string? value)
    {
        var schema = Object($"{{'type':'object','properties':{{'f':{fieldSchema}}}}}");
        var obj = new JsonObject();
        if (value is not null)
        {
            obj["f"] = Node(value);
        }
        return (schema, obj);
    }
}
