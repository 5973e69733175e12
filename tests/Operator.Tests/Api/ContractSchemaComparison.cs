using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Api;

/// <summary>
/// Compares the contract's bounds, allowed values and defaults (written once in C#) with the CRD schema, both ways.
/// Each method returns the disagreements, so a test can also prove that a changed schema is caught.
/// </summary>
internal static class ContractSchemaComparison
{
    /// <summary>[Bounds] against minimum/maximum/exclusive*, [OneOf] against enum, for every KubeTune property of the spec.</summary>
    public static List<string> BoundsAndEnums(JsonObject schema)
    {
        var problems = new List<string>();
        Walk(typeof(FineTuneJobSpec), Spec(schema), "spec", (property, node, path) =>
        {
            var bounds = property.GetCustomAttribute<BoundsAttribute>();
            var minimum = Number(node, "minimum");
            var maximum = Number(node, "maximum");
            if (bounds is null)
            {
                if (minimum is not null || maximum is not null)
                {
                    problems.Add($"{path}: the schema has a range ({minimum}..{maximum}) but C# has no [Bounds]");
                }
            }
            else
            {
                Expect(problems, path, "minimum", double.IsNegativeInfinity(bounds.Minimum) ? null : bounds.Minimum, minimum);
                Expect(problems, path, "maximum", double.IsPositiveInfinity(bounds.Maximum) ? null : bounds.Maximum, maximum);
                Expect(problems, path, "exclusiveMinimum", bounds.ExclusiveMinimum, node["exclusiveMinimum"]?.GetValue<bool>() ?? false);
                Expect(problems, path, "exclusiveMaximum", bounds.ExclusiveMaximum, node["exclusiveMaximum"]?.GetValue<bool>() ?? false);
            }

            var allowed = property.GetCustomAttribute<OneOfAttribute>()?.Values;
            var schemaEnum = node["enum"]?.AsArray().Select(value => value!.GetValue<string>()).ToList();
            if (allowed is not null || schemaEnum is not null)
            {
                if (allowed is null || schemaEnum is null || !allowed.SequenceEqual(schemaEnum))
                {
                    problems.Add($"{path}: C# allows [{string.Join(", ", allowed ?? [])}], the schema's enum is [{string.Join(", ", schemaEnum ?? [])}]");
                }
            }
        });
        return problems;
    }

    /// <summary>
    /// JobDefaults.Apply against the schema's defaults: every default the schema declares in a training section is the
    /// value Apply fills in, and every value Apply fills in is a schema default (except <paramref name="notInSchema"/>).
    /// </summary>
    public static List<string> Defaults(JsonObject schema, TrainingSpec input, IReadOnlyCollection<string> notInSchema)
    {
        var problems = new List<string>();
        var given = JsonSerializer.SerializeToNode(input)!.AsObject();
        var filled = JsonSerializer.SerializeToNode(JobDefaults.Apply(input))!.AsObject();
        var specSchema = Spec(schema);
        foreach (var (path, value) in Leaves(filled, ""))
        {
            if (Find(given, path) is not null)
            {
                continue;
            }

            var declared = SchemaAt(specSchema, path)?["default"];
            if (declared is null)
            {
                if (!notInSchema.Contains(path))
                {
                    problems.Add($"spec.{path}: C# fills in {value.ToJsonString()} but the schema declares no default");
                }
            }
            else if (!JsonNode.DeepEquals(Normalize(declared), Normalize(value)))
            {
                problems.Add($"spec.{path}: C# fills in {value.ToJsonString()} but the schema's default is {declared.ToJsonString()}");
            }
        }

        foreach (var (path, declared) in SchemaDefaults(specSchema, ""))
        {
            if (TrainingSpec.ClusterFieldNames.Contains(path.Split('.')[0]) || declared is JsonObject || Find(given, path) is not null)
            {
                continue;
            }

            if (Find(filled, path) is not { } value)
            {
                problems.Add($"spec.{path}: the schema's default is {declared.ToJsonString()} but C# fills in nothing");
            }
            else if (!JsonNode.DeepEquals(Normalize(declared), Normalize(value)))
            {
                problems.Add($"spec.{path}: the schema's default is {declared.ToJsonString()} but C# fills in {value.ToJsonString()}");
            }
        }

        return problems;
    }

    private static JsonObject Spec(JsonObject schema) => (JsonObject)schema["properties"]!["spec"]!;

    private static void Walk(Type type, JsonObject schema, string path, Action<PropertyInfo, JsonObject, string> visit)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is not { } name || schema["properties"]?[name] is not JsonObject child)
            {
                continue;
            }

            var childPath = $"{path}.{name}";
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (valueType.Namespace?.StartsWith("KubeTune.", StringComparison.Ordinal) != true && valueType.Namespace != "System")
            {
                if (typeof(IDictionary).IsAssignableFrom(valueType) && valueType.GetGenericArguments().Last() is { Namespace: var ns } itemType
                    && ns?.StartsWith("KubeTune.", StringComparison.Ordinal) == true && child["additionalProperties"] is JsonObject items)
                {
                    Walk(itemType, items, childPath + ".*", visit);
                }

                continue;
            }

            visit(property, child, childPath);
            if (valueType.IsClass && valueType != typeof(string))
            {
                Walk(valueType, child, childPath, visit);
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode Value)> Leaves(JsonObject node, string path)
    {
        foreach (var (name, value) in node)
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (value is JsonObject child && !childPath.StartsWith("search.parameters", StringComparison.Ordinal))
            {
                foreach (var leaf in Leaves(child, childPath))
                {
                    yield return leaf;
                }
            }
            else if (value is not null and not JsonObject)
            {
                yield return (childPath, value);
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode Value)> SchemaDefaults(JsonObject schema, string path)
    {
        foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (child?["default"] is { } declared)
            {
                yield return (childPath, declared);
            }

            foreach (var nested in SchemaDefaults((JsonObject)child!, childPath))
            {
                yield return nested;
            }
        }
    }

    private static JsonNode? Find(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            node = (node as JsonObject)?[segment];
        }

        return node;
    }

    private static JsonObject? SchemaAt(JsonObject schema, string path)
    {
        JsonObject? node = schema;
        foreach (var segment in path.Split('.'))
        {
            node = node?["properties"]?[segment] as JsonObject;
        }

        return node;
    }

    // 5e-5 in YAML and 5E-05 from C# are one number: compare numbers as doubles.
    private static JsonNode? Normalize(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? JsonValue.Create(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture))
            : node.DeepClone();

    private static double? Number(JsonObject node, string name) =>
        node[name] is JsonValue value ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) : null;

    private static void Expect<T>(List<string> problems, string path, string keyword, T csharp, T schema)
    {
        if (!EqualityComparer<T>.Default.Equals(csharp, schema))
        {
            problems.Add($"{path}: {keyword} is {csharp?.ToString() ?? "absent"} in C# but {schema?.ToString() ?? "absent"} in the schema");
        }
    }
}
