using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Tests.Commands;

namespace KubeTune.Trainer.Tests.Corpus;

/// <summary>
/// A working text-classification run (the tiny BERT, 16 training and 4 validation rows, 2 steps) that a corpus case
/// breaks in one place before the real trainer runs on it.
/// </summary>
public sealed class CorpusWorkspace : IDisposable
{
    private readonly TrainCommandFixture fixture = new();

    public CorpusWorkspace()
    {
        fixture.KeywordClassification(trainCount: 16, validationCount: 4);
        Hyperparameters = new JsonObject { ["batchSize"] = 8, ["maxSteps"] = 2, ["maxSequenceLength"] = 16 };
    }

    public string Root => fixture.Root;

    public string ModelDirectory => Path.Combine(Root, "model");

    public string CheckpointsDirectory => fixture.CheckpointsDirectory;

    public JsonObject Hyperparameters { get; }

    public JsonObject Extra { get; } = [];

    /// <summary>Arguments of train after --config (--pvc-root DIR for the cases on claims).</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>The folder --pvc-root names: pvc://CLAIM/PATH is PvcRoot/CLAIM/PATH.</summary>
    public string PvcRoot => Path.Combine(Root, "pvc");

    public string OutputDirectory => fixture.OutputDirectory;

    /// <summary>Runs train with --pvc-root <see cref="PvcRoot"/>.</summary>
    public void UseClaims() => Arguments.AddRange(["--pvc-root", PvcRoot]);

    /// <summary>Sets output.uri (the corpus' config keeps the safetensors format).</summary>
    public void Output(string uri) => Extra["output"] = new JsonObject { ["uri"] = uri, ["format"] = "safetensors" };

    /// <summary>A symbolic link at <paramref name="path"/> to <paramref name="target"/>, its folder created.</summary>
    public static void Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    public string Model(string name) => Path.Combine(ModelDirectory, name);

    public string Data(string name) => Path.Combine(Root, name);

    public (int ExitCode, string Output, string Error) Train() => TrainCommandFixture.Train(["--config", WriteConfig(), .. Arguments]);

    /// <summary>Writes job.json for this workspace and returns its path.</summary>
    public string WriteConfig() => fixture.WriteConfig("text-classification", "full", (JsonObject)Hyperparameters.DeepClone(), extra: Extra);

    public void EditConfig(Action<JsonObject> edit)
    {
        var config = (JsonObject)JsonNode.Parse(File.ReadAllText(Model("config.json")))!;
        edit(config);
        File.WriteAllText(Model("config.json"), config.ToJsonString());
    }

    /// <summary>Rewrites model.safetensors with an edited header and the same data section.</summary>
    public void EditHeader(Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(Model("model.safetensors"));
        var length = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = (JsonObject)JsonNode.Parse(bytes.AsSpan(8, length))!;
        edit(header);
        WriteSafetensors(Encoding.UTF8.GetBytes(header.ToJsonString()), bytes.AsSpan(8 + length).ToArray());
    }

    /// <summary>The header's first tensor (in name order), the one a case breaks.</summary>
    public static JsonObject FirstTensor(JsonObject header) =>
        (JsonObject)header.Where(pair => pair.Key != "__metadata__").OrderBy(pair => pair.Key, StringComparer.Ordinal).First().Value!;

    public void WriteSafetensors(byte[] header, byte[] data)
    {
        using var stream = File.Create(Model("model.safetensors"));
        var prefix = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(prefix, header.Length);
        stream.Write(prefix);
        stream.Write(header);
        stream.Write(data);
    }

    public void WriteTrain(params string[] lines) => File.WriteAllText(Data("train.jsonl"), string.Join('\n', lines) + "\n");

    public void WriteTrainBytes(byte[] bytes) => File.WriteAllBytes(Data("train.jsonl"), bytes);

    /// <summary>Good rows (alternating labels) for a training file that a bad row is mixed into.</summary>
    public static string[] GoodRows(int count, bool integerLabels = false) =>
        Enumerable.Range(0, count).Select(i => integerLabels
            ? $"{{\"text\": \"the loss was very terrible {i}\", \"label\": {i % 2}}}"
            : $"{{\"text\": \"the loss was very {(i % 2 == 0 ? "terrible" : "good")}\", \"label\": \"{(i % 2 == 0 ? "terrible" : "other")}\"}}").ToArray();

    /// <summary>Runs once with checkpoints every step (keep 2), so a case can break checkpoint-1 or checkpoint-2.</summary>
    public void TrainWithCheckpoints()
    {
        Extra["checkpoint"] = new JsonObject { ["everySteps"] = 1, ["keep"] = 2 };
        var (code, _, error) = Train();
        if (code != ExitCodes.Success)
        {
            throw new InvalidOperationException($"the first run failed ({code}): {error}");
        }
    }

    public string CheckpointDirectory(int step) => Path.Combine(CheckpointsDirectory, $"checkpoint-{step}");

    public string Checkpoint(int step, string file) => Path.Combine(CheckpointDirectory(step), file);

    public void Dispose() => fixture.Dispose();
}
