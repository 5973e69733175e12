using System.Text;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Checkpointing;
using static KubeTune.Trainer.Tests.Corpus.CorpusWorkspace;

namespace KubeTune.Trainer.Tests.Corpus;

/// <summary>Corpus cases over the dataset files and the checkpoints a resume reads.</summary>
public static class DataAndCheckpointCases
{
    private const int Invalid = ExitCodes.InvalidInput;

    public static IEnumerable<MalformedInputCase> All()
    {
        const string Ds = "dataset";
        yield return new(Ds, "one 50 MB line", w => w.WriteTrainBytes(Rows(GoodRows(2), HugeRow(50_000_000))), Invalid,
            "train.jsonl:3: the line is longer than 65536 bytes (the bound for rows at this maxSequenceLength)");
        yield return new(Ds, "invalid UTF-8", w => w.WriteTrainBytes(Rows(GoodRows(1), [.. "{\"text\": \"caf"u8, 0xC3, 0x28, .. "\", \"label\": \"other\"}"u8])), Invalid,
            "train.jsonl:2: invalid UTF-8 at byte 14 of the line");
        yield return new(Ds, "NUL byte", w => w.WriteTrainBytes(Rows(GoodRows(3), [.. "{\"text\": \"a"u8, 0, .. "b\", \"label\": \"other\"}"u8])), Invalid,
            "train.jsonl:4: NUL byte at byte 12 of the line");
        yield return new(Ds, "NUL character escaped in JSON", w => w.WriteTrain([.. GoodRows(2), "{\"text\": \"a\\u0000b\", \"label\": \"other\"}"]), Invalid,
            "train.jsonl:3: the text field 'text' holds a NUL character");
        yield return new(Ds, "text a number", w => w.WriteTrain([.. GoodRows(2), "{\"text\": 5, \"label\": \"other\"}"]), Invalid,
            "train.jsonl:3: the text field 'text' must be a string, got 5");
        yield return new(Ds, "text missing", w => w.WriteTrain([.. GoodRows(2), "{\"label\": \"other\"}"]), Invalid,
            "train.jsonl:3: the text field 'text' is missing");
        yield return new(Ds, "label an object", w => w.WriteTrain([.. GoodRows(2), "{\"text\": \"a\", \"label\": {\"x\": 1}}"]), Invalid,
            "train.jsonl:3: label must be a name or a class id, got {\"x\":1}");
        yield return new(Ds, "label missing", w => w.WriteTrain([.. GoodRows(2), "{\"text\": \"a\"}"]), Invalid,
            "train.jsonl:3: the label field 'label' is missing");
        yield return new(Ds, "label id 999999", w =>
        {
            w.WriteTrain([.. GoodRows(4, integerLabels: true), "{\"text\": \"a\", \"label\": 999999}"]);
            File.WriteAllLines(w.Data("validation.jsonl"), GoodRows(2, integerLabels: true));
        }, Invalid,
            "train.jsonl:5: label 999999 is outside the model's classes: class ids must be below 256");
        yield return new(Ds, "label id -1", w => w.WriteTrain([.. GoodRows(2, integerLabels: true), "{\"text\": \"a\", \"label\": -1}"]), Invalid,
            "train.jsonl:3: label -1 is not a class id (a non-negative integer) or a name");
        yield return new(Ds, "label id 1.5", w => w.WriteTrain([.. GoodRows(2, integerLabels: true), "{\"text\": \"a\", \"label\": 1.5}"]), Invalid,
            "train.jsonl:3: label 1.5 is not a class id");
        yield return new(Ds, "row a JSON array", w => w.WriteTrain([.. GoodRows(2), "[1, 2]"]), Invalid,
            "train.jsonl:3: expected a JSON object");
        yield return new(Ds, "row not JSON", w => w.WriteTrain([.. GoodRows(2), "{\"text\": "]), Invalid,
            "train.jsonl:3: invalid JSON");
        yield return new(Ds, "empty training file", w => w.WriteTrain(), Invalid,
            "train.jsonl: the dataset holds no usable examples");
        yield return new(Ds, "empty validation file", w => File.WriteAllText(w.Data("validation.jsonl"), ""), Invalid,
            "validation.jsonl: the validation set holds no usable examples");
        yield return new(Ds, "bad rows skipped with skipInvalid", w =>
        {
            w.WriteTrainBytes(Rows(GoodRows(8), HugeRow(100_000), [0xFF, 0xFE], "{\"text\": 5, \"label\": \"other\"}"u8.ToArray()));
            w.Extra["dataset"] = Dataset(w, skipInvalid: true);
        }, ExitCodes.Success, "note: skipped 3 invalid rows (dataset.skipInvalid)");
        yield return new(Ds, "label id 999999 skipped with skipInvalid", w =>
        {
            w.WriteTrain([.. GoodRows(8, integerLabels: true), "{\"text\": \"a\", \"label\": 999999}", "{\"text\": \"b\", \"label\": 999999}"]);
            File.WriteAllLines(w.Data("validation.jsonl"), GoodRows(2, integerLabels: true));
            w.Extra["dataset"] = Dataset(w, skipInvalid: true);
        }, ExitCodes.Success, "note: skipped 2 invalid rows (dataset.skipInvalid)");
        yield return new(Ds, "CSV row with invalid UTF-8", w => WriteCsv(w, [.. "text,label\ngood,other\nba"u8, 0xC3, .. "d,other\n"u8]), Invalid,
            "train.csv:3: invalid UTF-8 at byte 3 of the line");
        yield return new(Ds, "CSV row with too few columns", w => WriteCsv(w, "text,label\ngood,other\nonly-one\n"u8.ToArray()), Invalid,
            "train.csv:3: expected 2 columns (as the header), found 1");
        yield return new(Ds, "CSV quoted field over the row bound", w => WriteCsv(w, Encoding.UTF8.GetBytes("text,label\n\"" + string.Join('\n', Enumerable.Repeat(new string('a', 1000), 100)) + "\",other\n")), Invalid,
            "train.csv:2: the row is longer than 65536 characters");

        const string Ck = "checkpoint";
        yield return new(Ck, "4 KiB zeroed in the newest checkpoint", w =>
        {
            w.TrainWithCheckpoints();
            ZeroInside(w.Checkpoint(2, TrainingCheckpoint.WeightsFileName), 4096);
        }, ExitCodes.Success, "trainable.safetensors: sha256 differs from the manifest (the file is corrupt)); trying an older checkpoint");
        yield return new(Ck, "optimizer.bin truncated in every checkpoint", w =>
        {
            w.TrainWithCheckpoints();
            Truncate(w.Checkpoint(1, TrainingCheckpoint.OptimizerFileName));
            Truncate(w.Checkpoint(2, TrainingCheckpoint.OptimizerFileName));
        }, Invalid, "checkpoint-2/optimizer.bin: 100 bytes, the manifest says");
        yield return new(Ck, "trainable.safetensors truncated in every checkpoint", w =>
        {
            w.TrainWithCheckpoints();
            Truncate(w.Checkpoint(1, TrainingCheckpoint.WeightsFileName));
            Truncate(w.Checkpoint(2, TrainingCheckpoint.WeightsFileName));
        }, Invalid, "checkpoint-2/trainable.safetensors: 100 bytes, the manifest says");
        yield return new(Ck, "manifests missing", w =>
        {
            w.TrainWithCheckpoints();
            File.Delete(w.Checkpoint(1, CheckpointManifest.FileName));
            File.Delete(w.Checkpoint(2, CheckpointManifest.FileName));
        }, Invalid, "checkpoint-2/manifest.json: missing");
        yield return new(Ck, "optimizer.bin truncated before its manifest was written", w =>
        {
            w.TrainWithCheckpoints();
            Truncate(w.Checkpoint(2, TrainingCheckpoint.OptimizerFileName));
            CheckpointManifest.Write(w.CheckpointDirectory(2));
        }, Invalid, "checkpoint-2/optimizer.bin: the checkpoint file cannot be restored");
        yield return new(Ck, "trainer_state.json not JSON before its manifest was written", w =>
        {
            w.TrainWithCheckpoints();
            File.WriteAllText(w.Checkpoint(2, TrainerState.FileName), "{");
            CheckpointManifest.Write(w.CheckpointDirectory(2));
        }, Invalid, "checkpoint-2/trainer_state.json: the checkpoint file cannot be restored");
    }

    private static byte[] Rows(params IEnumerable<byte[]>[] groups) =>
        groups.SelectMany(group => group).SelectMany(row => row.Concat("\n"u8.ToArray())).ToArray();

    private static byte[] Rows(string[] good, params byte[][] bad) =>
        [.. Rows(good.Select(Encoding.UTF8.GetBytes)), .. Rows(bad.AsEnumerable())];

    private static byte[] HugeRow(int bytes) =>
        Encoding.UTF8.GetBytes("{\"text\": \"" + string.Concat(Enumerable.Repeat("word ", bytes / 5)) + "\", \"label\": \"other\"}");

    private static JsonObject Dataset(CorpusWorkspace w, bool skipInvalid) => new()
    {
        ["uri"] = "file://" + w.Data("train.jsonl"),
        ["validationUri"] = "file://" + w.Data("validation.jsonl"),
        ["skipInvalid"] = skipInvalid,
    };

    private static void WriteCsv(CorpusWorkspace w, byte[] bytes)
    {
        File.WriteAllBytes(w.Data("train.csv"), bytes);
        w.Extra["dataset"] = new JsonObject { ["uri"] = "file://" + w.Data("train.csv"), ["validationUri"] = "file://" + w.Data("validation.jsonl") };
    }

    private static void ZeroInside(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = Math.Max(0, (stream.Length / 2) - (bytes / 2));
        stream.Write(new byte[Math.Min(bytes, (int)stream.Length)]);
    }

    private static void Truncate(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(100);
    }
}
