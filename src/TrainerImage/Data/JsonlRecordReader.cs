using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Data;

/// <summary>Reads a JSON Lines file one bounded, UTF-8-checked line at a time; blank lines are ignored.</summary>
internal static class JsonlRecordReader
{
    public static IEnumerable<TextRecord> Read(string path, int maxRowBytes)
    {
        foreach (var line in BoundedLineReader.Read(path, maxRowBytes))
        {
            if (line.Problem is not null)
            {
                yield return new TextRecord(path, line.Number, null, line.Problem);
                continue;
            }

            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            JsonObject? fields = null;
            string? problem = null;
            try
            {
                fields = JsonNode.Parse(line.Text) as JsonObject;
                problem = fields is null ? "expected a JSON object" : null;
            }
            catch (JsonException e)
            {
                problem = $"invalid JSON: {e.Message}";
            }

            yield return new TextRecord(path, line.Number, fields, problem);
        }
    }
}
