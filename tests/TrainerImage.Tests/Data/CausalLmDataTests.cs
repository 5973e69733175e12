using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Data;

public sealed class CausalLmDataTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string gpt2 = DataTestSetup.ModelDirectory("gpt2");

    [Fact]
    public void Prepare_Texts_JoinedWithEosAndPackedIntoFullBlocksWithLabelsEqualToIds()
    {
        var texts = new[] { "Hello world, this is the first document.", "A second one.", "And the third document is a little longer than the others." };
        var file = directory.Write("train.jsonl", string.Join('\n', texts.Select(text => $"{{\"text\": \"{text}\"}}")));
        using var tokenizer = HfTokenizer.Load(gpt2);
        var eos = tokenizer.Vocabulary.IdOf("<|endoftext|>")!.Value;
        var modelConfig = new KubeTune.Trainer.Models.HfConfig(new System.Text.Json.Nodes.JsonObject { ["eos_token_id"] = eos }, "config.json");
        var stream = texts.SelectMany(text => tokenizer.Encode(text).Append(eos)).ToArray();

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.CausalLm, file, maxSequenceLength: 8), gpt2, file, modelConfig: modelConfig);
        var blocks = new List<long[]>();
        foreach (var batch in data.Train.InOrder(batchSize: 3))
        {
            using (batch)
            {
                Assert.Equal(DataTestSetup.Rows(batch.Inputs.InputIds!), DataTestSetup.Rows(batch.Inputs.Labels!));
                Assert.Equal(batch.Examples * 8L, batch.Tokens);
                Assert.True(batch.Inputs.AttentionMask!.all().item<bool>());
                blocks.AddRange(DataTestSetup.Rows(batch.Inputs.InputIds!));
            }
        }

        Assert.Equal(stream.Length / 8, data.Train.Count);
        Assert.All(blocks, block => Assert.Equal(8, block.Length));
        Assert.Equal(stream[..(blocks.Count * 8)], blocks.SelectMany(block => block));
        Assert.Equal(eos, blocks.SelectMany(block => block).ElementAt(tokenizer.Encode(texts[0]).Length));
    }

    [Fact]
    public void Prepare_ValidationSplit_SplitsBlocksDisjointly()
    {
        var file = directory.Write("train.csv", "text\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"sentence number {i} of the corpus")));

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.CausalLm, file, validationSplit: 0.2, maxSequenceLength: 16), gpt2, file);
        using var whole = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.CausalLm, file, maxSequenceLength: 16), gpt2, file);

        Assert.Null(data.LabelNames);
        Assert.Equal(whole.Train.Count, data.Train.Count + data.Validation!.Count);
        Assert.Equal((int)Math.Round(whole.Train.Count * 0.2, MidpointRounding.AwayFromZero), data.Validation.Count);
        var split = Blocks(data.Train).Concat(Blocks(data.Validation)).Order(StringComparer.Ordinal);
        Assert.Equal(Blocks(whole.Train).Order(StringComparer.Ordinal), split);
    }

    [Fact]
    public void Prepare_EmptyDataset_InputErrorNamesTheFile()
    {
        var file = directory.Write("train.jsonl", "\n\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.CausalLm, file), gpt2, file));

        Assert.Equal($"{file}: the dataset holds no usable examples", error.Message);
    }

    public void Dispose() => directory.Dispose();

    private static IEnumerable<string> Blocks(KubeTune.Trainer.Data.IBatchSource source) =>
        source.InOrder(100).SelectMany(batch => DataTestSetup.Rows(batch.Inputs.InputIds!)).Select(row => string.Join(',', row)).ToList();
}
