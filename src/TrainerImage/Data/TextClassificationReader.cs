using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Data;

/// <summary>Reads text/label rows, tokenizes (with the tokenizer's special tokens, truncated) and stores them.</summary>
internal static class TextClassificationReader
{
    /// <summary>Adds the file's examples (value: provisional label id) and returns their ids in file order.</summary>
    public static int[] Read(string file, DatasetFieldNames fields, HfTokenizer tokenizer, int maxLength, TokenizedExamples examples, LabelCollector labels, RowErrors errors)
    {
        var added = new List<int>();
        foreach (var record in TextRecords.Read(file, RowBound.Bytes(maxLength)))
        {
            if (record.Fields is not { } row)
            {
                errors.Report(file, record.Line, record.Problem!);
                continue;
            }

            var text = RecordFields.Text(row, fields.Text, "text", out var problem);
            if (problem is null && !row.ContainsKey(fields.Label))
            {
                problem = $"the label field '{fields.Label}' is missing (set dataset.fields.label if the column has another name)";
            }

            var label = problem is null ? labels.Observe(row[fields.Label], RowErrors.Location(file, record.Line), out problem) : null;

            if (problem is not null || text is null || label is null)
            {
                errors.Report(file, record.Line, problem ?? "unreadable row");
                continue;
            }

            var ids = tokenizer.EncodeBatch([text], maxLength).InputIds[0];
            added.Add(examples.Add(ids.Select(id => (int)id).ToArray(), label.Value));
        }

        return [.. added];
    }
}
