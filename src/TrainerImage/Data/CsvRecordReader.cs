using System.Text;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Reads a CSV file (RFC 4180: a header row, fields in double quotes may hold commas, quotes written twice and line
/// breaks) one record at a time; values are strings keyed by the header's column names.
/// </summary>
internal static class CsvRecordReader
{
    public static IEnumerable<TextRecord> Read(string path, int maxRowBytes)
    {
        using var reader = new LineFeedReader(BoundedLineReader.Read(path, maxRowBytes));
        var scanner = new Scanner(reader, maxRowBytes);
        var header = scanner.Next(out _, out var headerProblem);
        if (header is null)
        {
            yield break;
        }

        headerProblem = reader.Claim(1, scanner.Line)?.Problem ?? headerProblem;

        if (headerProblem is not null)
        {
            throw new InvalidInputException($"{path}:1: the header row is not valid CSV: {headerProblem}");
        }

        while (scanner.Next(out var line, out var problem) is { } values)
        {
            if (reader.Claim(line, scanner.Line) is { } bad)
            {
                yield return new TextRecord(path, bad.Line, null, bad.Problem);
                continue;
            }

            if (values.Count == 1 && values[0].Length == 0 && problem is null)
            {
                continue;
            }

            if (problem is null && values.Count != header.Count)
            {
                problem = $"expected {header.Count} columns (as the header), found {values.Count}";
            }

            JsonObject? fields = null;
            if (problem is null)
            {
                fields = [];
                for (var i = 0; i < header.Count; i++)
                {
                    fields[header[i]] = values[i];
                }
            }

            yield return new TextRecord(path, line, fields, problem);
        }
    }

    private sealed class Scanner
    {
        private readonly TextReader reader;
        private readonly StringBuilder field = new();
        private readonly int maxRowBytes;
        private long line = 1;
        private int rowLength;

        public Scanner(TextReader reader, int maxRowBytes)
        {
            this.reader = reader;
            this.maxRowBytes = maxRowBytes;
        }

        /// <summary>The line the next record starts on.</summary>
        public long Line => line;

        /// <summary>The next record's fields, or null at the end; <paramref name="start"/> is the line it starts on.</summary>
        public List<string>? Next(out long start, out string? problem)
        {
            start = line;
            problem = null;
            if (reader.Peek() < 0)
            {
                return null;
            }

            var values = new List<string>();
            field.Clear();
            rowLength = 0;
            var quoted = false;
            var afterQuote = false;
            while (true)
            {
                var c = reader.Read();
                // A quoted field may span lines: the record as a whole is bounded, not only each line.
                if (++rowLength > maxRowBytes && c >= 0 && c != '\n')
                {
                    problem ??= $"the row is longer than {maxRowBytes} characters (the bound for rows at this maxSequenceLength)";
                    quoted &= c != '"';

                    continue;
                }

                if (quoted)
                {
                    switch (c)
                    {
                        case < 0:
                            problem ??= "a quoted field is not closed before the end of the file";
                            values.Add(field.ToString());
                            return values;
                        case '"' when reader.Peek() == '"':
                            reader.Read();
                            field.Append('"');
                            break;
                        case '"':
                            quoted = false;
                            afterQuote = true;
                            break;
                        default:
                            line += c == '\n' ? 1 : 0;
                            field.Append((char)c);
                            break;
                    }

                    continue;
                }

                switch (c)
                {
                    case < 0 or '\n':
                        line += c == '\n' ? 1 : 0;
                        values.Add(TrimCarriageReturn());
                        return values;
                    case ',':
                        values.Add(field.ToString());
                        field.Clear();
                        afterQuote = false;
                        break;
                    case '"' when field.Length == 0 && !afterQuote:
                        quoted = true;
                        break;
                    default:
                        if (afterQuote && c != '\r')
                        {
                            problem ??= "text after a closing quote";
                        }

                        field.Append((char)c);
                        break;
                }
            }
        }

        private string TrimCarriageReturn()
        {
            if (field.Length > 0 && field[^1] == '\r')
            {
                field.Length--;
            }

            return field.ToString();
        }
    }
}
