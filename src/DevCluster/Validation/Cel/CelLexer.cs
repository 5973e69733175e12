using System.Globalization;
using System.Text;

namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>Splits a CEL expression into tokens (numbers, strings with escapes, raw strings, identifiers, operators).</summary>
internal static class CelLexer
{
    private static readonly string[] Punctuations =
        ["&&", "||", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "!", "-", "+", "*", "/", "%", "<", ">"];

    public const string MinIntMagnitude = "9223372036854775808";

    public static IReadOnlyList<CelToken> Tokenize(string source)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && char.IsWhiteSpace(source[i]))
            {
                i++;
            }
            if (i + 1 < source.Length && source[i] == '/' && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (i >= source.Length)
            {
                tokens.Add(new CelToken(CelTokenKind.End, "", null, i));
                return tokens;
            }
            var c = source[i];
            if (char.IsDigit(c) || (c == '.' && i + 1 < source.Length && char.IsDigit(source[i + 1])))
            {
                tokens.Add(ReadNumber(source, ref i));
            }
            else if (c is '"' or '\'' || ((c is 'r' or 'R') && i + 1 < source.Length && source[i + 1] is '"' or '\''))
            {
                tokens.Add(ReadString(source, ref i));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new CelToken(CelTokenKind.Identifier, source[start..i], null, start));
            }
            else
            {
                var punctuation = Punctuations.FirstOrDefault(p => string.CompareOrdinal(source, i, p, 0, p.Length) == 0)
                    ?? throw new CelException($"Syntax error at position {i}: unexpected character '{c}'");
                tokens.Add(new CelToken(CelTokenKind.Punctuation, punctuation, null, i));
                i += punctuation.Length;
            }
        }
    }

    private static CelToken ReadNumber(string source, ref int i)
    {
        var start = i;
        if (source[i] == '0' && i + 1 < source.Length && source[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < source.Length && Uri.IsHexDigit(source[i]))
            {
                i++;
            }
            var hex = long.Parse(source.AsSpan(start + 2, i - start - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return IntegerToken(source, ref i, start, hex);
        }
        var isDouble = false;
        while (i < source.Length && char.IsDigit(source[i]))
        {
            i++;
        }
        if (i + 1 < source.Length && source[i] == '.' && char.IsDigit(source[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < source.Length && char.IsDigit(source[i]))
            {
                i++;
            }
        }
        if (i < source.Length && source[i] is 'e' or 'E')
        {
            isDouble = true;
            i++;
            if (i < source.Length && source[i] is '+' or '-')
            {
                i++;
            }
            while (i < source.Length && char.IsDigit(source[i]))
            {
                i++;
            }
        }
        var text = source[start..i];
        if (isDouble)
        {
            return new CelToken(CelTokenKind.Double, text, double.Parse(text, CultureInfo.InvariantCulture), start);
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return IntegerToken(source, ref i, start, value);
        }
        // Only valid after a minus sign (long.MinValue); the parser checks that.
        if (text == MinIntMagnitude)
        {
            return new CelToken(CelTokenKind.Int, text, null, start);
        }
        throw new CelException($"Syntax error at position {start}: integer literal {text} is out of range");
    }

    private static CelToken IntegerToken(string source, ref int i, int start, long value)
    {
        if (i < source.Length && source[i] is 'u' or 'U')
        {
            i++;
            return new CelToken(CelTokenKind.UInt, source[start..i], value, start);
        }
        return new CelToken(CelTokenKind.Int, source[start..i], value, start);
    }

    private static CelToken ReadString(string source, ref int i)
    {
        var start = i;
        var raw = source[i] is 'r' or 'R';
        if (raw)
        {
            i++;
        }
        var quote = source[i];
        var triple = i + 2 < source.Length && source[i + 1] == quote && source[i + 2] == quote;
        var delimiter = new string(quote, triple ? 3 : 1);
        i += delimiter.Length;
        var text = new StringBuilder();
        while (true)
        {
            if (i >= source.Length || (!triple && source[i] == '\n'))
            {
                throw new CelException($"Syntax error at position {start}: unterminated string literal");
            }
            if (string.CompareOrdinal(source, i, delimiter, 0, delimiter.Length) == 0)
            {
                i += delimiter.Length;
                return new CelToken(CelTokenKind.String, source[start..i], text.ToString(), start);
            }
            if (source[i] == '\\' && !raw)
            {
                text.Append(ReadEscape(source, ref i));
                continue;
            }
            text.Append(source[i]);
            i++;
        }
    }

    private static string ReadEscape(string source, ref int i)
    {
        if (i + 1 >= source.Length)
        {
            throw new CelException($"Syntax error at position {i}: unfinished escape sequence");
        }
        var kind = source[i + 1];
        i += 2;
        switch (kind)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'a': return "\a";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'v': return "\v";
            case '\\' or '\'' or '"' or '`' or '?': return kind.ToString();
            case 'u' or 'U' or 'x':
                var length = kind switch { 'u' => 4, 'U' => 8, _ => 2 };
                if (i + length > source.Length)
                {
                    throw new CelException($"Syntax error at position {i}: unfinished escape sequence");
                }
                var code = int.Parse(source.AsSpan(i, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                i += length;
                return char.ConvertFromUtf32(code);
            default:
                throw new CelException($"Syntax error at position {i - 2}: unknown escape sequence \\{kind}");
        }
    }
}
