using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Bench;

/// <summary>The presets of issue 6 (GPT-2 small full fine-tuning, TinyLlama-1.1B-shaped LoRA) and tiny ones for CPU tests; bench/gpu/reference.py mirrors them.</summary>
public static class BenchPresets
{
    public static IReadOnlyList<BenchPreset> All { get; } =
    [
        new("gpt2-124m", "gpt2", Gpt2(vocab: 50257, positions: 1024, width: 768, layers: 12, heads: 12), 1024, 8, null, []),
        new("llama-1b-lora", "llama", Llama(vocab: 32000, width: 2048, mlp: 5632, layers: 22, heads: 32, kvHeads: 4, positions: 2048), 2048, 4, 16, ["q_proj", "v_proj"]),
        new("gpt2-tiny", "gpt2", Gpt2(vocab: 512, positions: 64, width: 64, layers: 2, heads: 4), 64, 2, null, []),
        new("llama-tiny", "llama", Llama(vocab: 512, width: 64, mlp: 128, layers: 2, heads: 4, kvHeads: 2, positions: 64), 64, 2, 4, ["q_proj", "v_proj"]),
    ];

    public static BenchPreset Find(string name, string? arch)
    {
        var preset = All.FirstOrDefault(preset => preset.Name == name)
            ?? throw new InvalidInputException($"bench: --preset '{name}' is not one of {string.Join(", ", All.Select(preset => preset.Name))}");
        if (arch is not null && arch != preset.Arch)
        {
            throw new InvalidInputException($"bench: --arch '{arch}' does not match preset {name} (arch {preset.Arch})");
        }

        return preset;
    }

    // transformers' GPT2Config defaults (dropout 0.1, gelu_new, tied embeddings) with the given shape.
    private static JsonObject Gpt2(int vocab, int positions, int width, int layers, int heads) => new()
    {
        ["model_type"] = "gpt2",
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["vocab_size"] = vocab,
        ["n_positions"] = positions,
        ["n_embd"] = width,
        ["n_layer"] = layers,
        ["n_head"] = heads,
    };

    // TinyLlama-1.1B's config.json fields (RMSNorm 1e-5, rope theta 10000, untied head).
    private static JsonObject Llama(int vocab, int width, int mlp, int layers, int heads, int kvHeads, int positions) => new()
    {
        ["model_type"] = "llama",
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["vocab_size"] = vocab,
        ["hidden_size"] = width,
        ["intermediate_size"] = mlp,
        ["num_hidden_layers"] = layers,
        ["num_attention_heads"] = heads,
        ["num_key_value_heads"] = kvHeads,
        ["max_position_embeddings"] = positions,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["tie_word_embeddings"] = false,
    };
}
