using System.Text.Json.Nodes;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Data;

public sealed class EndOfSequenceTokenTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly string gpt2 = DataTestSetup.ModelDirectory("gpt2");
    private readonly string bert = DataTestSetup.ModelDirectory("bert");

    [Fact]
    public void Prepare_Gpt2FixtureConfigEosOutsideVocabulary_JoinsTextsWithTheTokenizersEndOfText()
    {
        // The fixture has no tokenizer_config.json and its config.json keeps GPT-2's eos id 50256 (384-token vocabulary).
        var file = directory.Write("train.jsonl", "{\"text\": \"first document\"}\n{\"text\": \"second document\"}\n");
        var modelConfig = HfConfig.Load(Path.Combine(gpt2, "config.json"));
        using var tokenizer = HfTokenizer.Load(gpt2);
        var endOfText = tokenizer.Vocabulary.IdOf("<|endoftext|>")!.Value;

        using var data = DataTestSetup.Prepare(DataTestSetup.Config(FineTuneTask.CausalLm, file, maxSequenceLength: 4), gpt2, file, modelConfig: modelConfig);
        var ids = data.Train.InOrder(100).SelectMany(batch => DataTestSetup.Rows(batch.Inputs.InputIds!)).SelectMany(row => row).ToList();

        Assert.Equal(endOfText, ids[tokenizer.Encode("first document").Length]);
        Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.Vocabulary.Count - 1));
    }

    [Fact]
    public void Resolve_ConfigEosOutsideVocabularyAndNoTokenizerEos_InputErrorNamesFileAndField()
    {
        using var tokenizer = HfTokenizer.Load(bert);
        var modelConfig = new HfConfig(new JsonObject { ["eos_token_id"] = 50256 }, "/models/x/config.json");

        var error = Assert.Throws<InvalidInputException>(() => EndOfSequenceToken.Resolve(tokenizer, modelConfig));

        Assert.StartsWith("/models/x/config.json: field 'eos_token_id' is 50256, outside the tokenizer's 256-token vocabulary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ConfigEosIsATokenizerSpecialToken_UsesIt()
    {
        using var tokenizer = HfTokenizer.Load(bert);
        var separator = tokenizer.Vocabulary.IdOf("[SEP]")!.Value;

        var eos = EndOfSequenceToken.Resolve(tokenizer, new HfConfig(new JsonObject { ["eos_token_id"] = new JsonArray(separator, 7) }, "config.json"));

        Assert.Equal(separator, eos);
    }

    [Fact]
    public void Resolve_EosOutsideTheModelsEmbedding_InputErrorNamesVocabSize()
    {
        using var tokenizer = HfTokenizer.Load(bert);
        var modelConfig = new HfConfig(new JsonObject { ["eos_token_id"] = 200, ["vocab_size"] = 100 }, "config.json");

        var error = Assert.Throws<InvalidInputException>(() => EndOfSequenceToken.Resolve(tokenizer, modelConfig));

        Assert.Equal("config.json: field 'eos_token_id' has id 200, outside the model's embedding (vocab_size 100)", error.Message);
    }

    [Fact]
    public void Resolve_NoEosAnywhere_ReturnsNull()
    {
        using var tokenizer = HfTokenizer.Load(bert);

        Assert.Null(EndOfSequenceToken.Resolve(tokenizer, new HfConfig(new JsonObject(), "config.json")));
    }

    public void Dispose() => directory.Dispose();
}
