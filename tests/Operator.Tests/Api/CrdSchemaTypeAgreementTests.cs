using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Api;

public sealed class CrdSchemaTypeAgreementTests
{
    /// <summary>Fields of Kubernetes' own types the CRD leaves out on purpose, each with its reason.</summary>
    private static readonly Dictionary<string, string> KubernetesFieldsLeftOut = new(StringComparer.Ordinal)
    {
        ["spec.env[*].valueFrom.fileKeyRef"] = "alpha in Kubernetes 1.34 behind the EnvFiles feature gate",
    };

    [Fact]
    public void ClusterFieldNames_ComparedWithFineTuneJobSpec_ListExactlyTheFieldsTheOperatorAdds()
    {
        var added = typeof(FineTuneJobSpec).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(property => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name);

        Assert.Equal(added.Order(StringComparer.Ordinal), TrainingSpec.ClusterFieldNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_ComparedWithCSharpTypes_EveryPropertyExistsOnBothSidesWithMatchingType()
    {
        var problems = new List<string>();

        CompareObject(typeof(FineTuneJob), RepositoryFiles.Schema, "", problems);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Schema_StatusAndSpecSections_AreBothCompared()
    {
        var schema = RepositoryFiles.Schema;
        var problems = new List<string>();
        // A property dropped from the C# status type must be caught: compare against a type that lacks most of status.
        CompareObject(typeof(TrainingMetrics), (JsonObject)schema["properties"]!["status"]!["properties"]!["progress"]!, "status.progress", problems);

        Assert.Contains(problems, p => p.Contains("status.progress.step", StringComparison.Ordinal) && p.Contains("not in C#", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("status.progress.trainLoss", StringComparison.Ordinal) && p.Contains("not in the schema", StringComparison.Ordinal));
    }

    public static TheoryData<string, string[]> EnumFields => new()
    {
        { "spec.task", FineTuneTask.All.ToArray() },
        { "spec.method.type", FineTuneMethod.All.ToArray() },
        { "spec.hyperparameters.scheduler", LearningRateScheduler.All.ToArray() },
        { "spec.hyperparameters.precision", Precision.All.ToArray() },
        { "spec.search.algorithm", SearchAlgorithm.All.ToArray() },
        { "spec.search.objective.metric", MetricName.All.ToArray() },
        { "spec.search.objective.goal", ObjectiveGoal.All.ToArray() },
        { "spec.search.parameters.*.scale", ParameterScale.All.ToArray() },
        { "spec.earlyStopping.metric", MetricName.All.ToArray() },
        { "spec.output.format", OutputFormat.All.ToArray() },
        { "status.phase", FineTuneJobPhase.All.ToArray() },
        { "status.output.format", OutputFormat.All.ToArray() },
        { "status.trials.*.phase", TrialPhase.All.ToArray() },
    };

    [Theory]
    [MemberData(nameof(EnumFields))]
    public void SchemaEnum_ComparedWithConstantsClass_ListsTheSameValues(string path, string[] constants)
    {
        var node = RepositoryFiles.Schema;
        foreach (var segment in path.Split('.'))
        {
            node = segment == "*"
                ? (JsonObject)(node["additionalProperties"] ?? node["items"])!
                : (JsonObject)node["properties"]![segment]!;
        }

        var schemaValues = node["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

        Assert.Equal(constants, schemaValues);
    }

    private static void CompareObject(Type type, JsonObject schema, string path, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property);
        var schemaProperties = schema["properties"] as JsonObject ?? [];
        foreach (var (name, property) in properties)
        {
            var childPath = Join(path, name);
            if (schemaProperties[name] is JsonObject child)
            {
                CompareType(property.PropertyType, child, childPath, problems);
            }
            else if (!KubernetesFieldsLeftOut.ContainsKey(childPath))
            {
                problems.Add($"{childPath}: in C# ({type.Name}.{property.Name}) but not in the schema");
            }
        }
        foreach (var (name, _) in schemaProperties)
        {
            if (!properties.ContainsKey(name))
            {
                problems.Add($"{Join(path, name)}: in the schema but not in C# ({type.Name})");
            }
        }
    }

    private static void CompareType(Type type, JsonObject schema, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var schemaType = schema["type"]?.GetValue<string>();
        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        void Expect(bool agrees, string expected)
        {
            if (!agrees)
            {
                problems.Add($"{path}: C# {type.Name} needs schema {expected}, found {schema.ToJsonString()}");
            }
        }
        if (type == typeof(string))
        {
            Expect(schemaType == "string", "type string");
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            var format = type == typeof(int) ? "int32" : "int64";
            Expect(schemaType == "integer" && (schema["format"] is null || schema["format"]!.GetValue<string>() == format), $"type integer ({format})");
        }
        else if (type == typeof(double))
        {
            Expect(schemaType == "number", "type number");
        }
        else if (type == typeof(bool))
        {
            Expect(schemaType == "boolean", "type boolean");
        }
        else if (type == typeof(DateTime))
        {
            Expect(schemaType == "string" && schema["format"]?.GetValue<string>() == "date-time", "type string, format date-time");
        }
        else if (type == typeof(ResourceQuantity))
        {
            Expect(schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true, "x-kubernetes-int-or-string");
        }
        else if (type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
        {
            Expect(schemaType is null && preserveUnknown, "x-kubernetes-preserve-unknown-fields without a type (any JSON)");
        }
        else if (GenericArgument(type, typeof(IDictionary<,>), 1) is { } valueType)
        {
            Expect(schemaType == "object" && schema["additionalProperties"] is JsonObject, "type object with additionalProperties");
            if (schema["additionalProperties"] is JsonObject values)
            {
                CompareType(valueType, values, path + "[*]", problems);
            }
        }
        else if (GenericArgument(type, typeof(IList<>), 0) is { } itemType)
        {
            Expect(schemaType == "array" && schema["items"] is JsonObject, "type array with items");
            if (schema["items"] is JsonObject items)
            {
                CompareType(itemType, items, path + "[*]", problems);
            }
        }
        else if (type.IsClass)
        {
            Expect(schemaType == "object", "type object");
            var isKubernetesType = type.Namespace == typeof(V1ObjectMeta).Namespace;
            // Kubernetes' own types may be passed through as loose objects; KubeTune's own types must be spelled out.
            if (!(isKubernetesType && schema["properties"] is null))
            {
                CompareObject(type, schema, path, problems);
            }
        }
        else
        {
            problems.Add($"{path}: C# type {type.Name} has no schema mapping in this test");
        }
    }

    private static Type? GenericArgument(Type type, Type openInterface, int index)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == openInterface
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
        return match?.GetGenericArguments()[index];
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
