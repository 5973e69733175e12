using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Data;

/// <summary>One row of a JSONL or CSV file: its fields, or why it could not be read; Line is 1-based (where the row starts).</summary>
internal sealed record TextRecord(string File, long Line, JsonObject? Fields, string? Problem);
