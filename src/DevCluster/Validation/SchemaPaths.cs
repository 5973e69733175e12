namespace KubeTune.DevCluster.Validation;

/// <summary>Field paths in the API server's notation: spec.method.type, spec.tolerations[0], spec.search.parameters[learningRate].</summary>
internal static class SchemaPaths
{
    /// <summary>The path of field <paramref name="name"/> of the object at <paramref name="path"/>; map entries (additionalProperties) use [key].</summary>
    public static string Child(string path, string name, SchemaNode schema)
    {
        var isMapEntry = schema.Properties?.ContainsKey(name) != true && schema.AdditionalProperties is not null;
        if (isMapEntry)
        {
            return $"{path}[{name}]";
        }
        return path.Length == 0 ? name : $"{path}.{name}";
    }

    /// <summary>Appends a rule's fieldPath (".output.format" or "['key']") to the path of the node the rule is declared on.</summary>
    public static string Append(string path, string relative)
    {
        if (relative.Length == 0)
        {
            return path;
        }
        if (path.Length == 0)
        {
            return relative.TrimStart('.');
        }
        return relative.StartsWith('.') || relative.StartsWith('[') ? path + relative : $"{path}.{relative}";
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        ancestor.Length == 0
        || path == ancestor
        || (path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[');
}
