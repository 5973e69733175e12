using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeTune.Contracts;

/// <summary>
/// YAML to JSON as kubectl reads a manifest: plain scalars typed as <see cref="YamlScalars"/> says, quoted and block
/// scalars are strings, an explicit !!str/!!int/!!float/!!bool/!!null tag wins, anchors and merge keys (&lt;&lt;) are
/// resolved, and keys are typed then named (on: becomes "true"). Every mistake is a <see cref="FormatException"/>
/// naming the source and the line. Compiled into DevCluster and, as a linked file, into the trainer.
/// </summary>
public static class YamlJson
{
    private const string CoreTag = "tag:yaml.org,2002:";

    /// <summary>Every document of a YAML stream with the line it starts on; empty documents are skipped, as kubectl does.</summary>
    public static IReadOnlyList<(JsonNode Json, long Line)> ParseDocuments(string yaml, string source)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException error)
        {
            throw Invalid(source, error.Start, error.Message, error);
        }
        catch (InvalidOperationException error)
        {
            // YamlDotNet's scanner fails this way, with no position, on some flow collections left open; the last event parsed is where it stopped.
            throw Invalid(source, parser.Current?.End ?? Mark.Empty, "a flow mapping or sequence ('{' or '[') is not closed before this point", error);
        }

        var documents = new List<(JsonNode, long)>();
        foreach (var document in stream.Documents)
        {
            if (Node(document.RootNode, source) is { } json)
            {
                documents.Add((json, document.RootNode.Start.Line));
            }
        }

        return documents;
    }

    /// <summary>The one document of a YAML text, null when it has none; several documents are an error.</summary>
    public static JsonNode? Parse(string yaml, string source)
    {
        var documents = ParseDocuments(yaml, source);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0].Json,
            _ => throw new FormatException($"{source}: {documents.Count} YAML documents (at lines {string.Join(", ", documents.Select(document => document.Line))}); expected one"),
        };
    }

    private static JsonNode? Node(YamlNode node, string source) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, source),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(child => Node(child, source))]),
        YamlScalarNode scalar => Value(scalar, source),
        _ => throw Invalid(source, node.Start, $"unsupported YAML node ({node.NodeType})"),
    };

    private static JsonObject Mapping(YamlMappingNode mapping, string source)
    {
        var json = new JsonObject();
        var merged = new List<YamlMappingNode>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Style: ScalarStyle.Plain, Value: "<<" } mergeKey && mergeKey.Tag.IsEmpty)
            {
                merged.AddRange(MergeSources(value, source));
                continue;
            }

            var name = KeyName(key, source);
            if (json.ContainsKey(name))
            {
                throw Invalid(source, key.Start, $"key '{name}' appears twice");
            }

            json[name] = Node(value, source);
        }

        // Merge keys: the mapping's own keys win, then earlier merged mappings over later ones.
        foreach (var other in merged)
        {
            foreach (var (name, value) in Mapping(other, source))
            {
                if (!json.ContainsKey(name))
                {
                    json[name] = value?.DeepClone();
                }
            }
        }

        return json;
    }

    private static IEnumerable<YamlMappingNode> MergeSources(YamlNode value, string source) => value switch
    {
        YamlMappingNode mapping => [mapping],
        YamlSequenceNode list when list.Children.All(item => item is YamlMappingNode) => list.Children.Cast<YamlMappingNode>(),
        _ => throw Invalid(source, value.Start, "<< must merge a mapping or a list of mappings"),
    };

    // kubectl types a key like a value, then names it: on -> "true", 0x10 -> "16"; null and float keys it cannot name safely.
    private static string KeyName(YamlNode key, string source)
    {
        if (key is not YamlScalarNode scalar)
        {
            throw Invalid(source, key.Start, "a mapping key must be a scalar");
        }

        return Typed(scalar, source) switch
        {
            string name => name,
            bool flag => flag ? "true" : "false",
            long integer => integer.ToString(CultureInfo.InvariantCulture),
            _ => throw Invalid(source, scalar.Start, $"mapping key '{scalar.Value}' is neither a string, an integer nor a boolean; quote it"),
        };
    }

    private static JsonNode? Value(YamlScalarNode scalar, string source) => Typed(scalar, source) switch
    {
        null => null,
        bool flag => JsonValue.Create(flag),
        long integer => JsonValue.Create(integer),
        ulong integer => JsonValue.Create(integer),
        BigInteger integer => JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture)),
        double number when double.IsFinite(number) => JsonValue.Create(number),
        double => throw Invalid(source, scalar.Start, $"{scalar.Value} has no JSON form; quote it for a string"),
        var text => JsonValue.Create((string)text),
    };

    private static object? Typed(YamlScalarNode scalar, string source)
    {
        var text = scalar.Value ?? "";
        if (scalar.Tag.IsEmpty)
        {
            return scalar.Style is ScalarStyle.Plain ? YamlScalars.Plain(text) : text;
        }

        if (scalar.Tag.IsNonSpecific)
        {
            return text;
        }

        // An explicit core type must fit the text; !!str, !!binary, !!timestamp and custom tags leave the text as it is.
        var value = YamlScalars.Plain(text);
        return scalar.Tag.Value switch
        {
            CoreTag + "null" when value is null => null,
            CoreTag + "bool" when value is bool => value,
            CoreTag + "int" when value is long or ulong or BigInteger => value,
            CoreTag + "float" when value is double => value,
            CoreTag + "float" when value is long integer => (double)integer,
            CoreTag + "null" or CoreTag + "bool" or CoreTag + "int" or CoreTag + "float" =>
                throw Invalid(source, scalar.Start, $"'{text}' is not a !!{scalar.Tag.Value[CoreTag.Length..]}"),
            _ => text,
        };
    }

    private static FormatException Invalid(string source, Mark at, string reason, Exception? inner = null) =>
        new($"{source}: invalid YAML at line {at.Line}, column {at.Column}: {reason}", inner);
}
