using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Data;

public sealed class TextClassificationDataTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string bert = DataTestSetup.ModelDirectory("bert");

    [Fact]
    public void Prepare_NamedLabels_IdsFollowSortedNamesAndIdsAreTheTokenizers()
    {
        var file = directory.Write("train.jsonl", "{\"text\": \"the movie was great\", \"label\": \"positive\"}\n\n{\"text\": \"awful\", \"label\": \"negative\"}\n{\"text\": \"fine\", \"label\": \"neutral\"}\n");

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file), bert, file);
        var batches = DataTestSetup.ReadClassification(data.Train.InOrder(batchSize: 8));

        using var tokenizer = HfTokenizer.Load(bert);
        Assert.Equal(["negative", "neutral", "positive"], data.LabelNames!);
        Assert.Equal(new Dictionary<string, int> { ["negative"] = 0, ["neutral"] = 1, ["positive"] = 2 }, data.Label2Id);
        Assert.Equal("positive", data.Id2Label["2"]);
        Assert.Equal([2L, 0, 1], batches.Single().Labels);
        var ids = batches.Single().Ids;
        Assert.Equal(tokenizer.Encode("the movie was great"), ids[0]);
        Assert.Equal([.. tokenizer.Encode("awful"), .. Enumerable.Repeat(tokenizer.PadTokenId, ids[0].Length - tokenizer.Encode("awful").Length)], ids[1]);
        Assert.Equal(0, data.SkippedRows);
    }

    [Fact]
    public void Prepare_CsvWithIntegerLabelsAndCustomFields_UsesThemAsClassIds()
    {
        var file = directory.Write("train.csv", "sentence,target\n\"a, b\",1\nc,0\nd,3\n");
        var fields = new DatasetFieldNames(Text: "sentence", Label: "target");

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file, fields: fields), bert, file);

        Assert.Equal(["LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3"], data.LabelNames!);
        Assert.Equal([1L, 0, 3], DataTestSetup.ReadClassification(data.Train.InOrder(8)).Single().Labels);
    }

    [Theory]
    [InlineData("{\"text\": \"ok\"}", "the label field 'label' is missing")]
    [InlineData("{\"text\": 5, \"label\": \"a\"}", "the text field 'text' must be a string")]
    [InlineData("{\"text\": \"x\", \"label\": 1.5}", "is not a class id")]
    [InlineData("not json", "invalid JSON")]
    public void Prepare_BadRow_InputErrorNamesFileLineAndReason(string badRow, string reason)
    {
        var file = directory.Write("train.jsonl", $"{{\"text\": \"good\", \"label\": \"a\"}}\n{badRow}\n{{\"text\": \"also good\", \"label\": \"b\"}}\n");

        var error = Assert.Throws<InvalidInputException>(() => DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file), bert, file));

        Assert.StartsWith($"{file}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_BadRowsWithSkipInvalid_SkipsAndCountsThem()
    {
        var file = directory.Write("train.jsonl", "{\"text\": \"good\", \"label\": \"a\"}\n{\"text\": \"no label\"}\n{oops\n{\"text\": \"also good\", \"label\": \"b\"}\n");

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file, skipInvalid: true), bert, file);

        Assert.Equal(2, data.SkippedRows);
        Assert.Equal(2, data.Train.Count);
    }

    [Fact]
    public void Prepare_ValidationSplit_HoldsOutTheShareOfEveryClass()
    {
        var rows = Enumerable.Range(0, 100).Select(i => $"{{\"text\": \"row {i}\", \"label\": \"{(i % 5 == 0 ? "rare" : "common")}\"}}");
        var file = directory.Write("train.jsonl", string.Join('\n', rows) + "\n");

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file, validationSplit: 0.25), bert, file);
        var validationLabels = DataTestSetup.ReadClassification(data.Validation!.InOrder(100)).SelectMany(batch => batch.Labels).ToList();
        var trainLabels = DataTestSetup.ReadClassification(data.Train.InOrder(100)).SelectMany(batch => batch.Labels).ToList();

        Assert.Equal(25, validationLabels.Count);
        Assert.Equal(5, validationLabels.Count(label => label == data.Label2Id["rare"]));
        Assert.Equal(15, trainLabels.Count(label => label == data.Label2Id["rare"]));
        Assert.Equal(75, data.Train.Count);
    }

    [Fact]
    public void Prepare_ValidationFile_IsTheValidationSourceWithTheSameLabelIds()
    {
        var train = directory.Write("train.jsonl", "{\"text\": \"a\", \"label\": \"cat\"}\n{\"text\": \"b\", \"label\": \"dog\"}\n");
        var validation = directory.Write("dev.jsonl", "{\"text\": \"c\", \"label\": \"dog\"}\n");

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, train), bert, train, validation);

        Assert.Equal(1, data.Validation!.Count);
        Assert.Equal([1L], DataTestSetup.ReadClassification(data.Validation.InOrder(4)).Single().Labels);
    }

    [Fact]
    public void Batches_SameSeedAndEpoch_SameOrderAndSkipResumesAtTheSamePosition()
    {
        var rows = Enumerable.Range(0, 23).Select(i => $"{{\"text\": \"{string.Join(' ', Enumerable.Repeat("word", i + 1))}\", \"label\": {i}}}");
        var file = directory.Write("train.jsonl", string.Join('\n', rows));
        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file), bert, file);

        var first = DataTestSetup.ReadClassification(data.Train.Batches(5, epoch: 1, seed: 42));
        var again = DataTestSetup.ReadClassification(data.Train.Batches(5, epoch: 1, seed: 42));
        var resumed = DataTestSetup.ReadClassification(data.Train.Batches(5, epoch: 1, seed: 42, skipBatches: 3));
        var nextEpoch = DataTestSetup.ReadClassification(data.Train.Batches(5, epoch: 2, seed: 42));
        var otherSeed = DataTestSetup.ReadClassification(data.Train.Batches(5, epoch: 1, seed: 43));

        Assert.Equal(5, data.Train.BatchCount(5));
        Assert.Equal([5, 5, 5, 5, 3], first.Select(batch => batch.Labels.Length));
        Assert.Equal(Enumerable.Range(0, 23).Select(i => (long)i), first.SelectMany(batch => batch.Labels).Order());
        Assert.Equal(first.SelectMany(batch => batch.Labels), again.SelectMany(batch => batch.Labels));
        Assert.Equal(first.Skip(3).SelectMany(batch => batch.Labels), resumed.SelectMany(batch => batch.Labels));
        Assert.Equal(first.Skip(3).SelectMany(batch => batch.Ids.SelectMany(row => row)), resumed.SelectMany(batch => batch.Ids.SelectMany(row => row)));
        Assert.NotEqual(first.SelectMany(batch => batch.Labels), nextEpoch.SelectMany(batch => batch.Labels));
        Assert.NotEqual(first.SelectMany(batch => batch.Labels), otherSeed.SelectMany(batch => batch.Labels));
    }

    [Fact]
    public void Batches_TokenCount_IsTheNonPaddingTokens()
    {
        var file = directory.Write("train.jsonl", "{\"text\": \"one\", \"label\": 0}\n{\"text\": \"one two three four\", \"label\": 1}\n");
        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.TextClassification, file), bert, file);
        using var tokenizer = HfTokenizer.Load(bert);

        using var batch = data.Train.InOrder(2).Single();

        Assert.Equal(tokenizer.Encode("one").Length + tokenizer.Encode("one two three four").Length, batch.Tokens);
        Assert.Equal(batch.Tokens, batch.Inputs.AttentionMask!.sum().item<long>());
        Assert.Equal(2, batch.Examples);
    }

    public void Dispose() => directory.Dispose();
}
