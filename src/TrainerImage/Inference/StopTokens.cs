using System.Text.Json.Nodes;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Inference;

/// <summary>
/// The tokens that end a generation: the EOS the trainer appends to training text, generation_config.json's
/// eos_token_id (one or a list), and the end-of-turn marker of the chat template (ChatML's &lt;|im_end|&gt;, Llama 3's &lt;|eot_id|&gt;).
/// </summary>
internal static class StopTokens
{
    public const string GenerationConfigFileName = "generation_config.json";

    public static IReadOnlySet<long> For(HfTokenizer tokenizer, HfConfig modelConfig, string modelDirectory, ChatTemplate template)
    {
        var stops = new HashSet<long>();
        if (EndOfSequenceToken.Resolve(tokenizer, modelConfig) is { } eos)
        {
            stops.Add(eos);
        }

        var path = Path.Combine(modelDirectory, GenerationConfigFileName);
        if (File.Exists(path))
        {
            var node = HfConfig.Load(path).Json["eos_token_id"];
            foreach (var item in node is JsonArray list ? list.ToArray() : [node])
            {
                if (item is JsonValue value && value.TryGetValue<long>(out var id) && tokenizer.Vocabulary.Contains(id))
                {
                    stops.Add(id);
                }
            }
        }

        var marker = template.Name switch
        {
            "chatml" => "<|im_end|>",
            "llama3" => "<|eot_id|>",
            _ => null,
        };
        if (marker is not null && tokenizer.Vocabulary.IdOf(marker) is { } markerId)
        {
            stops.Add(markerId);
        }

        return stops;
    }
}
