using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>Typed access to one node of a CRD's openAPIV3Schema (the structural-schema keywords the API server honours).</summary>
internal sealed class SchemaNode(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string? Type => String("type");

    public string? Format => String("format");

    public bool Nullable => Flag("nullable");

    public bool PreserveUnknownFields => Flag("x-kubernetes-preserve-unknown-fields");

    public bool IntOrString => Flag("x-kubernetes-int-or-string");

    public bool EmbeddedResource => Flag("x-kubernetes-embedded-resource");

    public JsonNode? Default => Json["default"];

    public bool HasDefault => Json.ContainsKey("default");

    public JsonArray? Enum => Json["enum"] as JsonArray;

    public string? Pattern => String("pattern");

    public double? Minimum => Number("minimum");

    public double? Maximum => Number("maximum");

    public bool ExclusiveMinimum => Flag("exclusiveMinimum");

    public bool ExclusiveMaximum => Flag("exclusiveMaximum");

    public long? MinLength => Integer("minLength");

    public long? MaxLength => Integer("maxLength");

    public long? MinItems => Integer("minItems");

    public long? MaxItems => Integer("maxItems");

    public long? MinProperties => Integer("minProperties");

    public long? MaxProperties => Integer("maxProperties");

    public string? ListType => String("x-kubernetes-list-type");

    public IReadOnlyList<string> ListMapKeys => Strings("x-kubernetes-list-map-keys");

    public IReadOnlyList<string> Required => Strings("required");

    public JsonObject? Properties => Json["properties"] as JsonObject;

    public SchemaNode? Items => Json["items"] is JsonObject items ? new SchemaNode(items) : null;

    public SchemaNode? AdditionalProperties => Json["additionalProperties"] is JsonObject additional ? new SchemaNode(additional) : null;

    /// <summary>The x-kubernetes-validations rules: each has rule, and optionally message, messageExpression, fieldPath, reason.</summary>
    public IEnumerable<JsonObject> ValidationRules =>
        (Json["x-kubernetes-validations"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>The type name used in messages ("object" for rules on untyped nodes too).</summary>
    public string DisplayType => IntOrString ? "string" : Type ?? "object";

    /// <summary>The schema of field <paramref name="name"/>: a declared property, else additionalProperties, else none (unknown).</summary>
    public SchemaNode? Property(string name) =>
        Properties?[name] is JsonObject property ? new SchemaNode(property) : AdditionalProperties;

    private string? String(string keyword) => Json[keyword] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private bool Flag(string keyword) => Json[keyword] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private double? Number(string keyword) => Json[keyword] is JsonValue value ? JsonValues.AsDouble(value) : null;

    private long? Integer(string keyword) => Number(keyword) is { } number ? (long)number : null;

    private IReadOnlyList<string> Strings(string keyword) =>
        (Json[keyword] as JsonArray)?.Select(item => item?.GetValue<string>() ?? "").ToList() ?? [];
}
