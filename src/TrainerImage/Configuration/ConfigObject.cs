using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Configuration;

/// <summary>A JSON object of the config with typed getters whose errors name the file and the field's full path.</summary>
internal sealed class ConfigObject
{
    private readonly JsonObject json;
    private readonly string source;
    private readonly string prefix;

    public ConfigObject(JsonObject json, string source, string prefix)
    {
        this.json = json;
        this.source = source;
        this.prefix = prefix;
    }

    public JsonObject Json => json;

    public string FieldPath(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public InvalidInputException Error(string name, string problem) => new($"{source}: field '{FieldPath(name)}' {problem}");

    /// <summary>Rejects keys the trainer does not know, so a misspelt setting is not silently ignored.</summary>
    public void AllowOnly(params string[] known)
    {
        foreach (var (key, _) in json)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw new InvalidInputException($"{source}: unknown field '{FieldPath(key)}' (known: {string.Join(", ", known)})");
            }
        }
    }

    public ConfigObject? Object(string name) => json[name] switch
    {
        null => null,
        JsonObject child => new ConfigObject(child, source, FieldPath(name)),
        var other => throw Error(name, $"must be an object, got {other.ToJsonString()}"),
    };

    public ConfigObject RequireObject(string name) => Object(name) ?? throw Error(name, "is required");

    public string? String(string name) => json[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        var other => throw Error(name, $"must be a string, got {other.ToJsonString()}"),
    };

    public string RequireString(string name) =>
        String(name) is { Length: > 0 } text ? text : throw Error(name, "is required");

    public string Choice(string name, string fallback, IReadOnlyList<string> allowed)
    {
        var value = String(name) ?? fallback;
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Error(name, $"must be one of {string.Join(", ", allowed)}, got '{value}'");
    }

    public bool Bool(string name, bool fallback) => json[name] switch
    {
        null => fallback,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        var other => throw Error(name, $"must be true or false, got {other.ToJsonString()}"),
    };

    public long? Integer(string name, long min, long max = long.MaxValue)
    {
        var number = Number(name);
        if (number is null)
        {
            return null;
        }

        if (number != Math.Floor(number.Value) || number < min || number > max)
        {
            var range = max == long.MaxValue ? $"at least {min}" : $"from {min} to {max}";
            throw Error(name, $"must be an integer {range}, got {number}");
        }

        return (long)number.Value;
    }

    public double? Number(string name, double min = double.MinValue, double max = double.MaxValue, bool exclusiveMin = false, bool exclusiveMax = false)
    {
        double number;
        switch (json[name])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                // Read through the JSON text: a value built from a YAML integer holds a long, not a double.
                number = double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                break;
            case var other:
                throw Error(name, $"must be a number, got {other.ToJsonString()}");
        }

        var belowMin = exclusiveMin ? number <= min : number < min;
        var aboveMax = exclusiveMax ? number >= max : number > max;
        if (belowMin || aboveMax || double.IsNaN(number))
        {
            var low = min == double.MinValue ? "" : $"{(exclusiveMin ? "greater than" : "at least")} {min}";
            var high = max == double.MaxValue ? "" : $"{(exclusiveMax ? "less than" : "at most")} {max}";
            throw Error(name, $"must be {string.Join(" and ", new[] { low, high }.Where(part => part.Length > 0))}, got {number}");
        }

        return number;
    }

    public IReadOnlyList<string>? StringList(string name) => json[name] switch
    {
        null => null,
        JsonArray array when array.Count > 0 && array.All(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0)
            => array.Select(item => item!.GetValue<string>()).ToList(),
        var other => throw Error(name, $"must be a non-empty list of non-empty strings, got {other.ToJsonString()}"),
    };
}
