using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>Builds field errors with the API server's cause types and wording.</summary>
internal static class FieldErrors
{
    public static FieldError Required(string path, string detail = "") =>
        new(path, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError NotSupported(string path, JsonNode? value, IEnumerable<JsonNode?> supported) =>
        new(path, "FieldValueNotSupported",
            $"Unsupported value: {JsonValues.Render(value)}: supported values: {string.Join(", ", supported.Select(Quoted))}");

    public static FieldError TypeInvalid(string path, string actualType, string expectedType) =>
        new(path, "FieldValueTypeInvalid",
            $"Invalid value: \"{actualType}\": {path} in body must be of type {expectedType}: \"{actualType}\"");

    public static FieldError Invalid(string path, JsonNode? value, string detail) =>
        Invalid(path, JsonValues.Render(value), detail);

    public static FieldError Invalid(string path, string renderedValue, string detail) =>
        new(path, "FieldValueInvalid", $"Invalid value: {renderedValue}: {detail}");

    public static FieldError TooLong(string path, long maxLength) =>
        new(path, "FieldValueTooLong", $"Too long: may not be longer than {maxLength.ToString(CultureInfo.InvariantCulture)}");

    public static FieldError TooMany(string path, int count, long max) =>
        new(path, "FieldValueTooMany", FormattableString.Invariant($"Too many: {count}: must have at most {max} items"));

    public static FieldError Duplicate(string path, JsonNode? value) =>
        new(path, "FieldValueDuplicate", $"Duplicate value: {JsonValues.Render(value)}");

    public static FieldError Forbidden(string path, string detail) =>
        new(path, "FieldValueForbidden", $"Forbidden: {detail}");

    /// <summary>Renders an enum member the way the API server lists supported values: every value in double quotes.</summary>
    private static string Quoted(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? JsonValues.Render(JsonValue.Create(text)) : $"\"{JsonValues.Render(value)}\"";
}
