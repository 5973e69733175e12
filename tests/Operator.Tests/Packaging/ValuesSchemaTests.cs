using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>charts/kubetune/values.schema.json (draft-07), which helm install checks values against.</summary>
public sealed class ValuesSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ChartFiles.Text("values.schema.json")));

    [Fact]
    public void ValuesSchema_IsDraft07()
    {
        var schema = JsonNode.Parse(ChartFiles.Text("values.schema.json"))!;

        Assert.Equal("http://json-schema.org/draft-07/schema#", schema["$schema"]?.GetValue<string>());
    }

    [Fact]
    public void ValuesYaml_Defaults_ValidateAgainstTheSchema()
    {
        var errors = Errors(ChartFiles.Values);

        Assert.True(errors.Count == 0, "charts/kubetune/values.yaml does not match values.schema.json:\n" + string.Join('\n', errors));
    }

    [Theory]
    [InlineData("replicaCount", "0", "/replicaCount")]
    [InlineData("logFormat", "\"xml\"", "/logFormat")]
    [InlineData("watchNamespaces", "[\"Not_A_Namespace\"]", "/watchNamespaces/0")]
    [InlineData("replicas", "2", "/replicas")]
    public void ValuesSchema_BadValue_IsRejectedNamingTheField(string key, string json, string location)
    {
        var values = ChartFiles.Values;
        values[key] = JsonNode.Parse(json);

        var errors = Errors(values);

        Assert.Contains(errors, error => error.StartsWith(location + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void ValuesSchema_MissingTrainerImageRepository_IsRejected()
    {
        var values = ChartFiles.Values;
        values["trainer"]!["image"]!.AsObject().Remove("repository");

        Assert.Contains(Errors(values), error => error.StartsWith("/trainer/image:", StringComparison.Ordinal));
    }

    private static List<string> Errors(JsonObject values)
    {
        using var document = JsonDocument.Parse(values.ToJsonString());
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Append(result)
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
                .ToList();
    }
}
