using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Data;

/// <summary>
/// The EOS id the text tasks append: the tokenizer's own (tokenizer_config.json's eos_token, else config.json's
/// eos_token_id when it is one of tokenizer.json's special tokens, else a special token with a well-known EOS text),
/// then config.json's eos_token_id. An id the tokenizer or the model's embedding does not have is an input error.
/// </summary>
internal static class EndOfSequenceToken
{
    // Checkpoints without tokenizer_config.json (saved tokenizer.json only) still carry their EOS as a special token.
    private static readonly string[] WellKnownTexts = ["<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>", "<|eos|>"];

    public static long? Resolve(HfTokenizer tokenizer, HfConfig modelConfig)
    {
        var vocabulary = tokenizer.Vocabulary;
        var configured = ConfiguredId(modelConfig);
        var fromTokenizer = tokenizer.EosTokenId
            ?? (configured is { } id && vocabulary.SpecialIds.Contains(id) ? id : (long?)null)
            ?? WellKnownTexts.Select(vocabulary.IdOf).FirstOrDefault(found => found is { } id && vocabulary.SpecialIds.Contains(id));
        if (fromTokenizer is { } tokenizerEos)
        {
            return InsideEmbedding(tokenizerEos, modelConfig, $"the tokenizer's EOS token '{vocabulary.TokenOf(tokenizerEos)}'");
        }

        if (configured is not { } configEos)
        {
            return null;
        }

        if (!vocabulary.Contains(configEos))
        {
            throw new InvalidInputException(
                $"{modelConfig.Source}: field 'eos_token_id' is {configEos}, outside the tokenizer's {vocabulary.Count}-token vocabulary ({HfTokenizer.FileName}); " +
                "fix the id or add tokenizer_config.json with \"eos_token\"");
        }

        return InsideEmbedding(configEos, modelConfig, "field 'eos_token_id'");
    }

    /// <summary>config.json's eos_token_id (the first, when it lists several).</summary>
    private static long? ConfiguredId(HfConfig modelConfig)
    {
        var node = modelConfig.Json["eos_token_id"] is JsonArray list ? list.FirstOrDefault() : modelConfig.Json["eos_token_id"];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id >= 0
            ? id
            : throw new InvalidInputException($"{modelConfig.Source}: field 'eos_token_id' must be a non-negative integer, got {node.ToJsonString()}");
    }

    private static long InsideEmbedding(long id, HfConfig modelConfig, string what) =>
        modelConfig.Has("vocab_size") && modelConfig.RequireInt("vocab_size") is var embedding && id >= embedding
            ? throw new InvalidInputException($"{modelConfig.Source}: {what} has id {id}, outside the model's embedding (vocab_size {embedding})")
            : id;
}
