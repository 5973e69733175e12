using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeTune.DevCluster.Validation;

/// <summary>The OpenAPI part of CR validation: types, enums, bounds, lengths, patterns, formats, required fields and list uniqueness.</summary>
internal static class StructuralValidator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static void ValidateRoot(SchemaNode schema, JsonObject root, List<FieldError> errors) =>
        ValidateObject(schema, root, "", errors, isRoot: true);

    private static void Validate(SchemaNode schema, JsonNode? node, string path, List<FieldError> errors)
    {
        var actual = JsonValues.TypeOf(node);
        if (node is null)
        {
            if (!schema.Nullable && (schema.Type is not null || schema.IntOrString))
            {
                errors.Add(FieldErrors.TypeInvalid(path, actual, schema.IntOrString ? "integer,string" : schema.Type!));
            }
            return;
        }
        if (!TypeMatches(schema, actual))
        {
            errors.Add(FieldErrors.TypeInvalid(path, actual, schema.IntOrString ? "integer,string" : schema.Type!));
            return;
        }
        if (schema.Enum is { } allowed && !allowed.Any(option => JsonValues.DeepEquals(option, node)))
        {
            errors.Add(FieldErrors.NotSupported(path, node, allowed));
        }
        switch (node)
        {
            case JsonObject obj:
                ValidateObject(schema, obj, path, errors, isRoot: false);
                break;
            case JsonArray array:
                ValidateArray(schema, array, path, errors);
                break;
            case JsonValue value when actual == "string":
                ValidateString(schema, value.GetValue<string>(), node, path, errors);
                break;
            case JsonValue value when actual is "integer" or "number":
                ValidateNumber(schema, JsonValues.AsDouble(value)!.Value, node, path, errors);
                break;
        }
    }

    private static bool TypeMatches(SchemaNode schema, string actual)
    {
        if (schema.IntOrString)
        {
            return actual is "integer" or "string";
        }
        return schema.Type switch
        {
            null or "" => true,
            "number" => actual is "number" or "integer",
            var expected => expected == actual,
        };
    }

    private static void ValidateObject(SchemaNode schema, JsonObject obj, string path, List<FieldError> errors, bool isRoot)
    {
        foreach (var name in schema.Required.Where(name => !obj.ContainsKey(name)))
        {
            errors.Add(FieldErrors.Required(SchemaPaths.Child(path, name, schema)));
        }
        if (schema.MaxProperties is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add(FieldErrors.TooMany(path, obj.Count, maxProperties));
        }
        if (schema.MinProperties is { } minProperties && obj.Count < minProperties)
        {
            errors.Add(FieldErrors.Invalid(path, obj.Count.ToString(CultureInfo.InvariantCulture),
                FormattableString.Invariant($"{path} in body should have at least {minProperties} properties")));
        }
        foreach (var (name, value) in obj)
        {
            // The API server validates metadata itself (ObjectMeta rules), not through the CRD schema.
            if (isRoot && name == "metadata")
            {
                continue;
            }
            if (schema.Property(name) is { } child)
            {
                Validate(child, value, SchemaPaths.Child(path, name, schema), errors);
            }
        }
    }

    private static void ValidateArray(SchemaNode schema, JsonArray array, string path, List<FieldError> errors)
    {
        if (schema.MaxItems is { } maxItems && array.Count > maxItems)
        {
            errors.Add(FieldErrors.TooMany(path, array.Count, maxItems));
        }
        if (schema.MinItems is { } minItems && array.Count < minItems)
        {
            errors.Add(FieldErrors.Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture),
                FormattableString.Invariant($"{path} in body should have at least {minItems} items")));
        }
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(items, array[i], $"{path}[{i}]", errors);
            }
        }
        ValidateUniqueness(schema, array, path, errors);
    }

    // listType set: items unique; listType map: the map keys identify an item, so they must be unique.
    private static void ValidateUniqueness(SchemaNode schema, JsonArray array, string path, List<FieldError> errors)
    {
        var keys = schema.ListType switch
        {
            "set" => array.Select(item => (JsonNode?)item?.DeepClone()).ToList(),
            "map" => array.Select(item => (JsonNode?)ListMapKey(schema, item)).ToList(),
            _ => null,
        };
        if (keys is null)
        {
            return;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys.Take(i).Any(earlier => JsonValues.DeepEquals(earlier, keys[i])))
            {
                errors.Add(FieldErrors.Duplicate($"{path}[{i}]", keys[i]));
            }
        }
    }

    /// <summary>The object of an item's x-kubernetes-list-map-keys values, which identifies it in a listType=map list.</summary>
    public static JsonObject ListMapKey(SchemaNode schema, JsonNode? item)
    {
        var key = new JsonObject();
        foreach (var name in schema.ListMapKeys)
        {
            key[name] = (item as JsonObject)?[name]?.DeepClone();
        }
        return key;
    }

    private static void ValidateString(SchemaNode schema, string text, JsonNode node, string path, List<FieldError> errors)
    {
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } maxLength && length > maxLength)
        {
            errors.Add(FieldErrors.TooLong(path, maxLength));
        }
        if (schema.MinLength is { } minLength && length < minLength)
        {
            errors.Add(FieldErrors.Invalid(path, node, FormattableString.Invariant($"{path} in body should be at least {minLength} chars long")));
        }
        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout))
        {
            errors.Add(FieldErrors.Invalid(path, node, $"{path} in body should match '{pattern}'"));
        }
        if (schema.Format == "date-time" && !IsDateTime(text))
        {
            errors.Add(FieldErrors.Invalid(path, node, $"{path} in body must be of type date-time: {JsonValues.Render(node)}"));
        }
    }

    private static bool IsDateTime(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static void ValidateNumber(SchemaNode schema, double number, JsonNode node, string path, List<FieldError> errors)
    {
        if (schema.Minimum is { } minimum && (schema.ExclusiveMinimum ? number <= minimum : number < minimum))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldErrors.Invalid(path, node, $"{path} in body should be {relation} {JsonValues.Render(JsonValue.Create(minimum))}"));
        }
        if (schema.Maximum is { } maximum && (schema.ExclusiveMaximum ? number >= maximum : number > maximum))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldErrors.Invalid(path, node, $"{path} in body should be {relation} {JsonValues.Render(JsonValue.Create(maximum))}"));
        }
    }
}
