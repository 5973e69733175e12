using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Data;

/// <summary>Tokenizes the text field of every row into one stream, each text followed by EOS (when the model has one).</summary>
internal static class CausalLmReader
{
    public static void Read(string file, DatasetFieldNames fields, HfTokenizer tokenizer, long? eosId, int maxRowBytes, TokenStore store, RowErrors errors)
    {
        foreach (var record in TextRecords.Read(file, maxRowBytes))
        {
            string? problem = record.Problem;
            var text = record.Fields is { } row ? RecordFields.Text(row, fields.Text, "text", out problem) : null;
            if (text is null)
            {
                errors.Report(file, record.Line, problem ?? "unreadable row");
                continue;
            }

            var ids = tokenizer.Encode(text);
            var tokens = new int[ids.Length + (eosId is null || (ids.Length > 0 && ids[^1] == eosId) ? 0 : 1)];
            for (var i = 0; i < ids.Length; i++)
            {
                tokens[i] = (int)ids[i];
            }

            if (tokens.Length > ids.Length)
            {
                tokens[^1] = (int)eosId!.Value;
            }

            store.Append(tokens);
        }
    }
}
