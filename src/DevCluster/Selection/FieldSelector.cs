using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Selection;

/// <summary>A parsed <c>fieldSelector</c> over <c>metadata.name</c> and <c>metadata.namespace</c> (<c>=</c>, <c>==</c>, <c>!=</c>).</summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms) => _terms = terms;

    public bool Matches(JsonObject obj) => _terms.All(term => (FieldValue(obj, term.Field) == term.Value) == term.Equal);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (token, equal) = part.Contains("!=", StringComparison.Ordinal) ? ("!=", false)
                : part.Contains("==", StringComparison.Ordinal) ? ("==", true)
                : ("=", true);
            var index = part.IndexOf(token, StringComparison.Ordinal);
            if (index <= 0)
            {
                throw ApiErrors.BadRequest($"invalid selector: '{raw}'; can't understand '{raw}'");
            }

            var field = part[..index].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw ApiErrors.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, equal, part[(index + token.Length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    private static string FieldValue(JsonObject obj, string field) =>
        field == "metadata.name" ? ObjectMetadata.Name(obj) : ObjectMetadata.Namespace(obj);
}
