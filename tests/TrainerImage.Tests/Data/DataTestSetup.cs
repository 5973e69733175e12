using System.Text.Json.Nodes;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tests.Configuration;
using KubeTune.Trainer.Tests.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Data;

/// <summary>Configs and preparation calls shared by the data tests.</summary>
public static class DataTestSetup
{
    public static string ModelDirectory(string architecture) => Path.Combine(HfReferenceFixture.Root, architecture);

    public static TrainerConfig Config(string task, string dataset, double? validationSplit = null, bool skipInvalid = false, int maxSequenceLength = 64, DatasetFieldNames? fields = null)
    {
        var config = TestConfigs.Resolve(task, "file:///model", "file://" + dataset, "file:///out", spec =>
        {
            spec.Dataset.ValidationSplit = validationSplit;
            spec.Dataset.SkipInvalid = skipInvalid;
            spec.Hyperparameters = new Hyperparameters { MaxSequenceLength = maxSequenceLength, Seed = 3 };
        });
        return fields is null ? config : config with { Dataset = config.Dataset with { Fields = fields } };
    }

    public static PreparedData Prepare(TrainerConfig config, string modelDirectory, string dataset, string? validation = null, HfConfig? modelConfig = null, string? workDirectory = null)
    {
        var paths = new ResolvedPaths(modelDirectory, dataset, validation, "/tmp/unused-checkpoints", "/tmp/unused-output");
        var hfConfig = modelConfig ?? new HfConfig(new JsonObject(), Path.Combine(modelDirectory, "config.json"));
        using var tokenizer = config.Task == FineTuneTask.ImageClassification ? null : HfTokenizer.Load(modelDirectory);
        return DatasetPreparer.Prepare(config, paths, tokenizer, hfConfig, workDirectory);
    }

    /// <summary>Every batch of a source in order: input ids, labels and attention masks as nested arrays.</summary>
    public static List<(long[][] Ids, long[] Labels)> ReadClassification(IEnumerable<DataBatch> batches)
    {
        var result = new List<(long[][] Ids, long[] Labels)>();
        foreach (var batch in batches)
        {
            using (batch)
            {
                result.Add((Rows(batch.Inputs.InputIds!), batch.Inputs.Labels!.data<long>().ToArray()));
            }
        }

        return result;
    }

    public static long[][] Rows(TorchSharp.torch.Tensor tensor)
    {
        var width = (int)tensor.shape[1];
        var flat = tensor.data<long>().ToArray();
        return Enumerable.Range(0, (int)tensor.shape[0]).Select(row => flat[(row * width)..((row + 1) * width)]).ToArray();
    }
}
