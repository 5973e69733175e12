using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Data.Images;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Inference;

/// <summary>
/// Reads prediction inputs with the training code's own readers and preprocessing: text rows tokenized and truncated
/// as the trainer does, images through the model's preprocessor settings. A label, when an input has one, is matched to
/// the model's classes by name, else as a class id (as training numbered them).
/// </summary>
internal static class ClassificationInputs
{
    public static PredictionSet Text(string path, HfTokenizer tokenizer, int maxLength, string textField, string labelField, IReadOnlyList<string> classes)
    {
        var store = new TokenStore(null);
        try
        {
            var examples = new TokenizedExamples(store);
            var inputs = new List<string>();
            var expected = new List<int?>();
            var file = TextRecords.FindFile(path, "--input");
            foreach (var record in TextRecords.Read(file, RowBound.Bytes(maxLength)))
            {
                var location = RowErrors.Location(file, record.Line);
                var row = record.Fields ?? throw new InvalidInputException($"{location}: {record.Problem}");
                var text = RecordFields.Text(row, textField, "text", out var problem)
                    ?? throw new InvalidInputException($"{location}: {problem} (--text-field names it)");
                var label = row.ContainsKey(labelField) ? ClassOf(row[labelField], classes, location) : (int?)null;
                examples.Add(tokenizer.EncodeBatch([text], maxLength).InputIds[0].Select(id => (int)id).ToArray(), label ?? -1);
                inputs.Add(text);
                expected.Add(label);
            }

            store.Seal();
            if (inputs.Count == 0)
            {
                throw new InvalidInputException($"{file}: holds no inputs");
            }

            var source = new TokenizedBatchSource(examples, Enumerable.Range(0, inputs.Count).ToArray(), TokenizedBatchKind.Classification, tokenizer.PadTokenId);
            return new PredictionSet(source, inputs, expected, "text", [store]);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>An image file, a folder of images (flat, or one sub-folder per class), a .jsonl/.csv list, or IDX files.</summary>
    public static PredictionSet Images(string path, string modelDirectory, HfConfig modelConfig, string imageField, string labelField, IReadOnlyList<string> classes)
    {
        var settings = ImagePreprocessing.Load(modelDirectory, modelConfig);
        var collector = new LabelCollector();
        var errors = new RowErrors(skipInvalid: false);
        var owned = new List<IDisposable>();
        try
        {
            IImageSet set;
            Func<int, string> describe;
            var labelled = true;
            if (IdxImageSet.FindImagesFile(path) is { } idx)
            {
                var idxSet = new IdxImageSet(idx, collector, null);
                owned.Add(idxSet);
                set = idxSet;
                describe = i => $"{idx}#{i}";
            }
            else if (Directory.Exists(path) && Directory.GetDirectories(path).Length > 0)
            {
                var files = ImageFileSet.FromFolder(path, collector, errors);
                (set, describe) = (files, files.FileOf);
            }
            else if (File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".json" or ".csv")
            {
                var files = ImageFileSet.FromList(path, new DatasetFieldNames(Image: imageField, Label: labelField), collector, errors);
                (set, describe) = (files, files.FileOf);
            }
            else if (File.Exists(path) || Directory.Exists(path))
            {
                var files = ImageFileSet.Unlabelled(path);
                (set, describe, labelled) = (files, files.FileOf, false);
            }
            else
            {
                throw new InvalidInputException($"--input {path}: not found");
            }

            // The batch source's labels: the class of each provisional label, -1 where the input has none.
            var classIds = labelled
                ? Enumerable.Range(0, collector.Count).Select(id => ClassOf(JsonValue.Create(collector.NameOf(id)), classes, $"{path}: label")).ToArray()
                : [-1];
            var members = Enumerable.Range(0, set.Count).ToArray();
            var inputs = members.Select(describe).ToList();
            var expected = members.Select(i => labelled ? classIds[set.Label(i)] : (int?)null).ToList();
            return new PredictionSet(new ImageBatchSource(set, classIds, settings, members), inputs, expected, "image", owned);
        }
        catch
        {
            owned.ForEach(item => item.Dispose());
            throw;
        }
    }

    /// <summary>The class id of a label: one of the model's class names, else a class id below the class count.</summary>
    private static int ClassOf(JsonNode? value, IReadOnlyList<string> classes, string location)
    {
        var text = value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            ? (scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>().Trim() : scalar.ToJsonString())
            : null;
        if (text is not null)
        {
            var byName = classes.ToList().IndexOf(text);
            if (byName >= 0)
            {
                return byName;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id < classes.Count)
            {
                return id;
            }
        }

        throw new InvalidInputException(
            $"{location}: label {value?.ToJsonString() ?? "null"} is not one of the model's classes ({string.Join(", ", classes)}) nor a class id below {classes.Count}");
    }
}
