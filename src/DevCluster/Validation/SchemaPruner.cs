using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>Drops what the schema does not declare, as the API server does: unknown fields, and nulls where the schema is not nullable.</summary>
internal static class SchemaPruner
{
    /// <summary>Prunes <paramref name="root"/> in place and returns the paths of the unknown fields it removed.</summary>
    public static IReadOnlyList<string> Prune(SchemaNode schema, JsonObject root)
    {
        var pruned = new List<string>();
        PruneObject(schema, root, "", pruned, isRoot: true);
        return pruned;
    }

    private static void Prune(SchemaNode schema, JsonNode? node, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(schema, obj, path, pruned, isRoot: false);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(items, array[i], $"{path}[{i}]", pruned);
                }
                break;
        }
    }

    private static void PruneObject(SchemaNode schema, JsonObject obj, string path, List<string> pruned, bool isRoot)
    {
        foreach (var (name, value) in obj.ToList())
        {
            // The API server manages apiVersion, kind and metadata itself; embedded resources keep them too.
            if ((isRoot || schema.EmbeddedResource) && name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }
            var childPath = SchemaPaths.Child(path, name, schema);
            var child = schema.Property(name);
            if (child is null)
            {
                if (!schema.PreserveUnknownFields)
                {
                    obj.Remove(name);
                    pruned.Add(childPath);
                }
                continue;
            }
            if (value is null && !child.Nullable)
            {
                obj.Remove(name);
                continue;
            }
            Prune(child, value, childPath, pruned);
        }
    }
}
