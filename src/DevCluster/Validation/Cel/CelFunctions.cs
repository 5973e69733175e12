using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>CEL's built-in functions that are not macros: size, string tests, regex matching and conversions.</summary>
internal static class CelFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Calls <paramref name="name"/> with the receiver (for receiver-style calls) as the first argument.</summary>
    public static object? Call(string name, IReadOnlyList<object?> args) => (name, args.Count) switch
    {
        ("size", 1) => Size(args[0]),
        ("startsWith", 2) => Text(args, name, 0).StartsWith(Text(args, name, 1), StringComparison.Ordinal),
        ("endsWith", 2) => Text(args, name, 0).EndsWith(Text(args, name, 1), StringComparison.Ordinal),
        ("contains", 2) => Text(args, name, 0).Contains(Text(args, name, 1), StringComparison.Ordinal),
        ("matches", 2) => Matches(Text(args, name, 0), Text(args, name, 1)),
        ("lowerAscii", 1) => Text(args, name, 0).ToLowerInvariant(),
        ("upperAscii", 1) => Text(args, name, 0).ToUpperInvariant(),
        ("int", 1) => ToInt(args[0]),
        ("double", 1) => ToDouble(args[0]),
        ("string", 1) => ToText(args[0]),
        _ => throw new CelException($"found no matching overload for '{name}' applied to ({string.Join(", ", args.Select(CelOperators.TypeName))})"),
    };

    private static long Size(object? value) => value switch
    {
        string s => s.EnumerateRunes().LongCount(),
        IReadOnlyList<object?> list => list.Count,
        IReadOnlyDictionary<string, object?> map => map.Count,
        _ => throw new CelException($"found no matching overload for 'size' applied to ({CelOperators.TypeName(value)})"),
    };

    private static string Text(IReadOnlyList<object?> args, string name, int index) =>
        args[index] as string ?? throw new CelException(
            $"found no matching overload for '{name}' applied to ({string.Join(", ", args.Select(CelOperators.TypeName))})");

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new CelException($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    private static long ToInt(object? value) => value switch
    {
        long l => l,
        double d when double.IsFinite(d) && d >= long.MinValue && d < 9.2233720368547758E18 => (long)Math.Truncate(d),
        double => throw new CelException("double is out of the range of int"),
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string s => throw new CelException($"cannot convert \"{s}\" to int"),
        _ => throw new CelException($"found no matching overload for 'int' applied to ({CelOperators.TypeName(value)})"),
    };

    private static double ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string s => throw new CelException($"cannot convert \"{s}\" to double"),
        _ => throw new CelException($"found no matching overload for 'double' applied to ({CelOperators.TypeName(value)})"),
    };

    private static string ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new CelException($"found no matching overload for 'string' applied to ({CelOperators.TypeName(value)})"),
    };
}
