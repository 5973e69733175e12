using System.Text.Json;
using System.Text.Json.Nodes;
using Tokenizers.DotNet;

namespace KubeTune.Trainer.Tokenization;

/// <summary>
/// A Hugging Face fast tokenizer (tokenizer.json) through the tokenizers library: ids with the post-processor's
/// special tokens, tokens, decoding, truncation and padding.
/// </summary>
public sealed class HfTokenizer : IDisposable
{
    public const string FileName = "tokenizer.json";

    private readonly Tokenizer native;

    private HfTokenizer(Tokenizer native, TokenizerVocabulary vocabulary, long padId, long? declaredPadId, long? eosId)
    {
        this.native = native;
        Vocabulary = vocabulary;
        PadTokenId = padId;
        DeclaredPadTokenId = declaredPadId;
        EosTokenId = eosId;
    }

    public TokenizerVocabulary Vocabulary { get; }

    /// <summary>The id batches are padded with (a stand-in such as EOS when the tokenizer names no pad token).</summary>
    public long PadTokenId { get; }

    /// <summary>The pad token the tokenizer itself names (tokenizer.json's padding or tokenizer_config.json's pad_token), else null.</summary>
    public long? DeclaredPadTokenId { get; }

    public long? EosTokenId { get; }

    /// <summary>Loads tokenizer.json from a model directory; tokenizer_config.json, when present, names pad and eos tokens.</summary>
    public static HfTokenizer Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: not found (a Hugging Face fast tokenizer is required)");
        }

        var vocabulary = TokenizerVocabulary.Load(path);
        Tokenizer native;
        try
        {
            native = new Tokenizer(path);
        }
        catch (TokenizerException e)
        {
            throw new InvalidInputException($"{path}: the tokenizers library cannot load it: {e.Message}", e);
        }

        var settings = ReadTokenizerConfig(modelDirectory);
        var eos = TokenId(settings?["eos_token"], vocabulary);
        var declaredPad = vocabulary.PaddingId ?? TokenId(settings?["pad_token"], vocabulary);
        var pad = declaredPad
            ?? vocabulary.SpecialIds.FirstOrDefault(id => vocabulary.TokenOf(id).Contains("pad", StringComparison.OrdinalIgnoreCase), -1) switch
            {
                -1 => eos ?? 0,
                var id => id,
            };
        return new HfTokenizer(native, vocabulary, pad, declaredPad, eos);
    }

    /// <summary>The ids of the text, including the special tokens tokenizer.json's post-processor adds.</summary>
    public long[] Encode(string text) => text.Length == 0 ? [] : native.Encode(text).Select(id => (long)id).ToArray();

    public IReadOnlyList<string> Tokens(IEnumerable<long> ids) => ids.Select(Vocabulary.TokenOf).ToList();

    /// <summary>The text of the ids, special tokens skipped (the tokenizers library's decode always skips them).</summary>
    public string Decode(IEnumerable<long> ids)
    {
        var kept = ids.Where(id => !Vocabulary.SpecialIds.Contains(id)).Select(id => (uint)id).ToArray();
        return kept.Length == 0 ? "" : native.Decode(kept);
    }

    /// <summary>
    /// Encodes, truncates to <paramref name="maxLength"/> keeping leading and trailing special tokens (as the
    /// post-processor would after truncation), and right-pads to the longest row (or to maxLength).
    /// </summary>
    public TokenBatch EncodeBatch(IReadOnlyList<string> texts, int maxLength, bool padToMaxLength = false)
    {
        var rows = texts.Select(text => Truncate(Encode(text), maxLength)).ToList();
        var width = padToMaxLength ? maxLength : rows.Select(row => row.Length).DefaultIfEmpty(0).Max();
        var ids = rows.Select(row => row.Concat(Enumerable.Repeat(PadTokenId, width - row.Length)).ToArray()).ToArray();
        var mask = rows.Select(row => Enumerable.Repeat(1L, row.Length).Concat(Enumerable.Repeat(0L, width - row.Length)).ToArray()).ToArray();
        return new TokenBatch(ids, mask);
    }

    public void Dispose() => native.Dispose();

    private long[] Truncate(long[] ids, int maxLength)
    {
        if (ids.Length <= maxLength)
        {
            return ids;
        }

        var prefix = ids.TakeWhile(Vocabulary.SpecialIds.Contains).Count();
        var suffix = ids.Reverse().TakeWhile(Vocabulary.SpecialIds.Contains).Count();
        if (prefix + suffix >= maxLength || prefix + suffix >= ids.Length)
        {
            return ids[..maxLength];
        }

        return [.. ids[..prefix], .. ids[prefix..(maxLength - suffix)], .. ids[^suffix..]];
    }

    private static JsonObject? ReadTokenizerConfig(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "tokenizer_config.json");
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    // tokenizer_config.json writes a token either as its text or as an AddedToken object with "content".
    private static long? TokenId(JsonNode? token, TokenizerVocabulary vocabulary) => token switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => vocabulary.IdOf(text),
        JsonObject added when added["content"]?.GetValue<string>() is { } content => vocabulary.IdOf(content),
        _ => null,
    };
}
