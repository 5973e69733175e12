using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Data;

/// <summary>Reads a JSON Lines file one line at a time; blank lines are ignored.</summary>
internal static class JsonlRecordReader
{
    public static IEnumerable<TextRecord> Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonObject? fields = null;
            string? problem = null;
            try
            {
                fields = JsonNode.Parse(text) as JsonObject;
                problem = fields is null ? "expected a JSON object" : null;
            }
            catch (JsonException e)
            {
                problem = $"invalid JSON: {e.Message}";
            }

            yield return new TextRecord(path, line, fields, problem);
        }
    }
}
