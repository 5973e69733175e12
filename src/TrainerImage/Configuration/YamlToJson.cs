using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeTune.Trainer.Configuration;

/// <summary>Turns a YAML document into JSON nodes: plain scalars become numbers, booleans or null as YAML 1.2's core schema says.</summary>
internal static class YamlToJson
{
    public static JsonNode? Convert(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidInputException($"{source}: invalid YAML at line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        if (stream.Documents.Count <= 1)
        {
            return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
        }

        // A file of several manifests (a LocalQueue and the job, say): the one job in it.
        var jobs = stream.Documents.Select(document => Node(document.RootNode)).Where(IsTrainerDocument).ToList();
        return jobs.Count == 1
            ? jobs[0]
            : throw new InvalidInputException($"{source}: {stream.Documents.Count} YAML documents with {jobs.Count} of kind FineTuneJob or TrainerConfig; expected exactly one");
    }

    private static bool IsTrainerDocument(JsonNode? node) =>
        node is JsonObject document && document["kind"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name is "FineTuneJob" or "TrainerConfig";

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Node).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            result[((YamlScalarNode)key).Value ?? ""] = Node(value);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
