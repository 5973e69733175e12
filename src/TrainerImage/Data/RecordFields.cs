using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Data;

/// <summary>Typed reads of a row's fields; a problem names the field as dataset.fields configured it.</summary>
internal static class RecordFields
{
    public static string? Text(JsonObject fields, string name, string role, out string? problem)
    {
        problem = null;
        switch (fields[name])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    problem = $"the {role} field '{name}' holds a NUL character";
                    return null;
                }

                return text;
            case null when !fields.ContainsKey(name):
                problem = $"the {role} field '{name}' is missing (set dataset.fields.{role} if the column has another name)";
                return null;
            case var other:
                problem = $"the {role} field '{name}' must be a string, got {other?.ToJsonString() ?? "null"}";
                return null;
        }
    }
}
