using System.Text.Json;
using KubeTune.Trainer.Tests.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Tokenization;

public sealed class HfTokenizerTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    [InlineData("bert")]
    public void Encode_ReferenceStrings_IdsTokensAndDecodedTextMatchTokenizers(string architecture)
    {
        var directory = Path.Combine(HfReferenceFixture.Root, architecture);
        using var tokenizer = HfTokenizer.Load(directory);
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "tokenizer_reference.json")));

        foreach (var entry in reference.RootElement.EnumerateArray())
        {
            var text = entry.GetProperty("text").GetString()!;
            var ids = tokenizer.Encode(text);

            Assert.Equal(entry.GetProperty("ids").EnumerateArray().Select(id => id.GetInt64()), ids);
            Assert.Equal(entry.GetProperty("tokens").EnumerateArray().Select(token => token.GetString()!), tokenizer.Tokens(ids));
            Assert.Equal(entry.GetProperty("decoded").GetString(), tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void EncodeBatch_LongAndShortTexts_TruncatesAndRightPadsWithMask()
    {
        using var tokenizer = HfTokenizer.Load(Path.Combine(HfReferenceFixture.Root, "gpt2"));

        var batch = tokenizer.EncodeBatch(["Hello world!", "GPU"], maxLength: 5);

        Assert.Equal(tokenizer.Encode("Hello world!")[..5], batch.InputIds[0]);
        Assert.Equal([.. tokenizer.Encode("GPU"), tokenizer.PadTokenId, tokenizer.PadTokenId, tokenizer.PadTokenId, tokenizer.PadTokenId], batch.InputIds[1]);
        Assert.Equal([1L, 0, 0, 0, 0], batch.AttentionMask[1]);
        Assert.Equal("<pad>", tokenizer.Vocabulary.TokenOf(tokenizer.PadTokenId));
    }

    [Fact]
    public void Decode_SpecialTokens_Skipped()
    {
        using var tokenizer = HfTokenizer.Load(Path.Combine(HfReferenceFixture.Root, "bert"));
        long[] ids = [2, .. tokenizer.Encode("gpu"), 3];

        Assert.Equal("gpu", tokenizer.Decode(ids));
        Assert.Equal(["[CLS]", "gpu", "[SEP]"], tokenizer.Tokens(ids));
    }
}
