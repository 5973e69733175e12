using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Tokenization;

/// <summary>The id-to-token table and special tokens of a tokenizer.json (the native wrapper only maps text to ids).</summary>
public sealed class TokenizerVocabulary
{
    private readonly Dictionary<long, string> tokens;
    private readonly Dictionary<string, long> ids;

    private TokenizerVocabulary(Dictionary<long, string> tokens, HashSet<long> specialIds, long? padIdFromPadding)
    {
        this.tokens = tokens;
        ids = tokens.GroupBy(pair => pair.Value, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Min(pair => pair.Key), StringComparer.Ordinal);
        SpecialIds = specialIds;
        PaddingId = padIdFromPadding;
    }

    public IReadOnlySet<long> SpecialIds { get; }

    /// <summary>The pad id tokenizer.json's own padding section names, if any.</summary>
    public long? PaddingId { get; }

    public static TokenizerVocabulary Load(string tokenizerJsonPath)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(tokenizerJsonPath)) as JsonObject
                ?? throw new InvalidInputException($"{tokenizerJsonPath}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{tokenizerJsonPath}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }

        var table = new Dictionary<long, string>();
        switch (root["model"]?["vocab"])
        {
            case JsonObject vocab:
                foreach (var (token, id) in vocab)
                {
                    table[id is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0
                        ? number
                        : throw new InvalidInputException($"{tokenizerJsonPath}: model.vocab entry '{token}' must map to a non-negative integer id, got {id?.ToJsonString() ?? "null"}")] = token;
                }

                break;
            case JsonArray unigram:
                // Unigram stores [token, score] pairs; the position is the id.
                for (var i = 0; i < unigram.Count; i++)
                {
                    table[i] = unigram[i]![0]!.GetValue<string>();
                }

                break;
            default:
                throw new InvalidInputException($"{tokenizerJsonPath}: model.vocab is missing");
        }

        var special = new HashSet<long>();
        foreach (var added in root["added_tokens"] as JsonArray ?? [])
        {
            var id = added!["id"]!.GetValue<long>();
            table[id] = added["content"]!.GetValue<string>();
            if (added["special"]?.GetValue<bool>() == true)
            {
                special.Add(id);
            }
        }

        var padId = root["padding"]?["pad_id"]?.GetValue<long>();
        return new TokenizerVocabulary(table, special, padId);
    }

    /// <summary>How many ids the tokenizer has (model vocabulary plus added tokens).</summary>
    public int Count => tokens.Count;

    public bool Contains(long id) => tokens.ContainsKey(id);

    public string TokenOf(long id) => tokens.TryGetValue(id, out var token) ? token : throw new ArgumentOutOfRangeException(nameof(id), id, "id is not in the vocabulary");

    public long? IdOf(string token) => ids.TryGetValue(token, out var id) ? id : null;
}
