using System.Text;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tests.Training;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Corpus;

[Collection(TorchRandomCollection.Name)]
public sealed class DatasetMemoryTests
{
    /// <summary>Reading the line whole (as before) allocated over 100 MB for the string alone and 13.5 GB tokenising it.</summary>
    private const long AllocationBound = 16L * 1024 * 1024;

    [Fact]
    public void Prepare_Fifty_MegabyteJsonlLine_SkipsItWithinABoundedAllocation()
    {
        using var workspace = new CorpusWorkspace();
        var rows = CorpusWorkspace.GoodRows(8).Select(Encoding.UTF8.GetBytes)
            .Append(Encoding.UTF8.GetBytes("{\"text\": \"" + new string('w', 50_000_000) + "\", \"label\": \"other\"}"))
            .SelectMany(row => row.Append((byte)'\n')).ToArray();
        workspace.WriteTrainBytes(rows);
        var modelConfig = HfConfig.Load(workspace.Model("config.json"));
        using var tokenizer = HfTokenizer.Load(workspace.ModelDirectory);
        var config = TrainerConfigLoader.Load(WriteConfig(workspace));
        var paths = new ResolvedPaths(workspace.ModelDirectory, workspace.Data("train.jsonl"), workspace.Data("validation.jsonl"), workspace.CheckpointsDirectory, Path.Combine(workspace.Root, "out"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var data = DatasetPreparer.Prepare(config, paths, tokenizer, modelConfig, workspace.Root);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, data.SkippedRows);
        Assert.Equal(8, data.Train.Count);
        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated preparing the dataset");
    }

    private static string WriteConfig(CorpusWorkspace workspace)
    {
        workspace.Extra["dataset"] = new System.Text.Json.Nodes.JsonObject
        {
            ["uri"] = "file://" + workspace.Data("train.jsonl"),
            ["validationUri"] = "file://" + workspace.Data("validation.jsonl"),
            ["skipInvalid"] = true,
        };
        return workspace.WriteConfig();
    }
}
