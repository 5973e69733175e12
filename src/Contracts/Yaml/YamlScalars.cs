using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace KubeTune.Contracts;

/// <summary>
/// kubectl's typing of a plain (unquoted) YAML scalar, as sigs.k8s.io/yaml over go-yaml v2 does it (YAML 1.1, which
/// YAML 1.2's core schema is a subset of): y/yes/on/true and n/no/off/false are booleans, ~/null/empty is null,
/// 12, 0x1F, 0o17, 017 (octal), 0b101 and 1_000 are integers, 1.5, .5, 1e3 are floats, anything else is a string.
/// </summary>
internal static partial class YamlScalars
{
    private static readonly Dictionary<string, object?> Words = new(StringComparer.Ordinal)
    {
        ["y"] = true, ["Y"] = true, ["yes"] = true, ["Yes"] = true, ["YES"] = true,
        ["true"] = true, ["True"] = true, ["TRUE"] = true, ["on"] = true, ["On"] = true, ["ON"] = true,
        ["n"] = false, ["N"] = false, ["no"] = false, ["No"] = false, ["NO"] = false,
        ["false"] = false, ["False"] = false, ["FALSE"] = false, ["off"] = false, ["Off"] = false, ["OFF"] = false,
        [""] = null, ["~"] = null, ["null"] = null, ["Null"] = null, ["NULL"] = null,
        [".nan"] = double.NaN, [".NaN"] = double.NaN, [".NAN"] = double.NaN,
        [".inf"] = double.PositiveInfinity, [".Inf"] = double.PositiveInfinity, [".INF"] = double.PositiveInfinity,
        ["+.inf"] = double.PositiveInfinity, ["+.Inf"] = double.PositiveInfinity, ["+.INF"] = double.PositiveInfinity,
        ["-.inf"] = double.NegativeInfinity, ["-.Inf"] = double.NegativeInfinity, ["-.INF"] = double.NegativeInfinity,
    };

    /// <summary>The value of a plain scalar: null, bool, long, ulong, BigInteger, double (NaN and infinities too) or the string itself.</summary>
    public static object? Plain(string text)
    {
        if (Words.TryGetValue(text, out var word))
        {
            return word;
        }

        return text[0] switch
        {
            '.' => Float(text) ?? (object)text,
            '+' or '-' or (>= '0' and <= '9') => Number(text),
            _ => text,
        };
    }

    // go-yaml's order: a Go integer literal, then an unsigned one, then a float, then an unsigned one too big for 64 bits.
    private static object Number(string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        var isInteger = TryParseGoInteger(plain, out var integer, out var signed);
        if (isInteger && integer >= long.MinValue && integer <= long.MaxValue)
        {
            return (long)integer;
        }

        if (isInteger && !signed && integer <= ulong.MaxValue)
        {
            return (ulong)integer;
        }

        if (Float(plain) is { } number)
        {
            return number;
        }

        return isInteger && !signed ? integer : text;
    }

    // Go's strconv.ParseInt(text, 0, 64) syntax: an optional sign, then 0x/0o/0b or a leading 0 (octal) or decimal digits.
    private static bool TryParseGoInteger(string text, out BigInteger value, out bool signed)
    {
        value = BigInteger.Zero;
        signed = text.Length > 0 && text[0] is '+' or '-';
        var digits = text.AsSpan(signed ? 1 : 0);
        if (digits.IsEmpty)
        {
            return false;
        }

        var radix = 10;
        if (digits[0] == '0')
        {
            (radix, var prefix) = digits.Length < 3 ? (8, 1) : char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16, 2),
                'o' => (8, 2),
                'b' => (2, 2),
                _ => (8, 1),
            };
            digits = digits[prefix..];
        }

        foreach (var character in digits)
        {
            var digit = character switch
            {
                >= '0' and <= '9' => character - '0',
                >= 'a' and <= 'f' => character - 'a' + 10,
                >= 'A' and <= 'F' => character - 'A' + 10,
                _ => radix,
            };
            if (digit >= radix)
            {
                return false;
            }

            value = (value * radix) + digit;
        }

        value = text[0] == '-' ? -value : value;
        return true;
    }

    // A finite float in go-yaml's float syntax; out of double's range it stays a string, as Go's ParseFloat fails.
    private static double? Float(string text) =>
        FloatSyntax().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatSyntax();
}
