using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>Fills in the schema's defaults, top-down, so a defaulted parent (default: {}) gets its children's defaults too.</summary>
internal static class SchemaDefaulter
{
    public static void Apply(SchemaNode schema, JsonObject root) => ApplyToObject(schema, root, isRoot: true);

    private static void Apply(SchemaNode schema, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                ApplyToObject(schema, obj, isRoot: false);
                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    Apply(items, item);
                }
                break;
        }
    }

    private static void ApplyToObject(SchemaNode schema, JsonObject obj, bool isRoot)
    {
        if (schema.Properties is { } properties)
        {
            foreach (var (name, propertySchema) in properties)
            {
                if (propertySchema is JsonObject property && new SchemaNode(property) is { HasDefault: true } withDefault && !obj.ContainsKey(name))
                {
                    obj[name] = withDefault.Default?.DeepClone();
                }
            }
        }
        foreach (var (name, value) in obj.ToList())
        {
            if (isRoot && name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }
            if (schema.Property(name) is { } child)
            {
                Apply(child, value);
            }
        }
    }
}
