using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeTune.Operator.Local;

/// <summary>Reads a multi-document YAML file into JSON objects, keeping each document's first line for error messages.</summary>
public static class YamlDocuments
{
    public static IReadOnlyList<(JsonObject Document, long Line)> Load(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            throw new FormatException($"{path}:{error.Start.Line}: invalid YAML: {error.Message}", error);
        }

        var documents = new List<(JsonObject, long)>();
        foreach (var document in stream.Documents)
        {
            var line = document.RootNode.Start.Line;
            switch (ToJson(document.RootNode))
            {
                case JsonObject json:
                    documents.Add((json, line));
                    break;
                case null:
                    break;
                default:
                    throw new FormatException($"{path}:{line}: a document must be a mapping (a Kubernetes object)");
            }
        }

        return documents;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"line {node.Start.Line}: YAML aliases are not supported"),
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var json = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new FormatException($"line {key.Start.Line}: a mapping key must be a scalar");
            json[name] = ToJson(value);
        }

        return json;
    }

    // Plain scalars follow the YAML 1.2 core schema (null, booleans, numbers); quoted ones are strings.
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && char.IsAsciiDigit(value[^1]))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }
}
