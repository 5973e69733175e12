using System.Text;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Selection;

/// <summary>
/// A parsed <c>fieldSelector</c>: comma-joined <c>field=value</c>, <c>field==value</c> and <c>field!=value</c> requirements,
/// with <c>\,</c>, <c>\=</c> and <c>\\</c> escapes in values. <see cref="For"/> checks the fields against a kind.
/// </summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([], null);

    private static readonly string[] Operators = ["!=", "==", "="];

    // The readers of the kind this selector was checked against; null until For() binds it.
    private readonly IReadOnlyDictionary<string, Func<JsonObject, string>>? _fields;

    private FieldSelector(IReadOnlyList<FieldRequirement> requirements, IReadOnlyDictionary<string, Func<JsonObject, string>>? fields)
    {
        Requirements = requirements;
        _fields = fields;
    }

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    /// <summary>True when every requirement holds; unbound selectors know only metadata.name and metadata.namespace.</summary>
    public bool Matches(JsonObject obj)
    {
        var fields = _fields ?? SelectableFields.Common;
        return Requirements.All(requirement => requirement.Matches(
            fields.TryGetValue(requirement.Field, out var read) ? read(obj) : throw NotSupported(requirement.Field)));
    }

    /// <summary>This selector bound to <paramref name="type"/>'s field labels; a label the kind lacks is a 400 as in Kubernetes.</summary>
    public FieldSelector For(ResourceType type)
    {
        var fields = SelectableFields.For(type);
        foreach (var requirement in Requirements)
        {
            if (!fields.ContainsKey(requirement.Field))
            {
                throw NotSupported(requirement.Field);
            }
        }

        return new FieldSelector(Requirements, fields);
    }

    public static FieldSelector Parse(string? text, ResourceType type) => Parse(text).For(type);

    /// <summary>Parses the query-string form; throws a 400 Status naming the part it cannot read.</summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var part in SplitUnescaped(text))
        {
            if (part.Trim().Length == 0)
            {
                continue;
            }

            requirements.Add(ParseRequirement(text, part));
        }

        return new FieldSelector(requirements, null);
    }

    public override string ToString() => string.Join(',', Requirements);

    private static FieldRequirement ParseRequirement(string text, string part)
    {
        for (var i = 0; i < part.Length; i++)
        {
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(part, i, op, 0, op.Length) == 0)
                {
                    var field = part[..i].Trim();
                    if (field.Length == 0)
                    {
                        break;
                    }

                    return new FieldRequirement(field, op != "!=", Unescape(part[(i + op.Length)..].Trim()));
                }
            }
        }

        throw ApiErrors.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '=')
            {
                throw ApiErrors.BadRequest($"invalid field selector: unescaped character in value: {c}");
            }

            if (c == '\\')
            {
                if (i + 1 == value.Length || value[i + 1] is not ('\\' or ',' or '='))
                {
                    throw ApiErrors.BadRequest($"invalid field selector: invalid escape sequence: {value[i..Math.Min(i + 2, value.Length)]}");
                }

                c = value[++i];
            }

            result.Append(c);
        }

        return result.ToString();
    }

    // Requirements are separated by commas that are not escaped (\,) inside a value.
    private static List<string> SplitUnescaped(string text)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ',')
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static StatusException NotSupported(string field) => ApiErrors.BadRequest($"field label not supported: {field}");
}
