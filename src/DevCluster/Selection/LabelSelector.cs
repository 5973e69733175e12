using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Selection;

/// <summary>A parsed <c>labelSelector</c>: equality-based (<c>=</c>, <c>==</c>, <c>!=</c>) and set-based (<c>in</c>, <c>notin</c>, <c>key</c>, <c>!key</c>).</summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => Requirements = requirements;

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(requirement => requirement.Matches(labels));

    /// <summary>Parses the query-string form; throws a 400 Status naming the bad requirement.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector([.. SplitTopLevel(text).Select(ParseRequirement)]);
    }

    private static LabelRequirement ParseRequirement(string raw)
    {
        var part = raw.Trim();
        if (part.Length == 0)
        {
            throw ApiErrors.BadRequest($"unable to parse requirement: empty requirement in label selector");
        }

        if (part.StartsWith('!'))
        {
            return new LabelRequirement(ValidKey(part[1..].Trim(), raw), LabelOperator.DoesNotExist, []);
        }

        foreach (var (keyword, op) in new[] { (" notin ", LabelOperator.NotIn), (" in ", LabelOperator.In) })
        {
            var index = part.IndexOf(keyword, StringComparison.Ordinal);
            if (index > 0)
            {
                var set = part[(index + keyword.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw ApiErrors.BadRequest($"unable to parse requirement: \"{raw}\": expected a parenthesised set of values");
                }

                var values = set[1..^1].Split(',').Select(value => value.Trim()).Where(value => value.Length > 0).ToList();
                return new LabelRequirement(ValidKey(part[..index].Trim(), raw), op, values);
            }
        }

        foreach (var (token, op) in new[] { ("!=", LabelOperator.NotEquals), ("==", LabelOperator.Equals), ("=", LabelOperator.Equals) })
        {
            var index = part.IndexOf(token, StringComparison.Ordinal);
            if (index > 0)
            {
                return new LabelRequirement(ValidKey(part[..index].Trim(), raw), op, [part[(index + token.Length)..].Trim()]);
            }
        }

        return new LabelRequirement(ValidKey(part, raw), LabelOperator.Exists, []);
    }

    private static string ValidKey(string key, string raw)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw ApiErrors.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in \"{raw}\"");
        }

        return key;
    }

    // Commas separate requirements except inside the parentheses of a value set.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
