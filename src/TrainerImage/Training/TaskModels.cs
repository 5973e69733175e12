using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Training;

/// <summary>Which model class a task trains and which layers LoRA wraps when the config names none (PEFT's defaults).</summary>
public static class TaskModels
{
    private static readonly Dictionary<string, string[]> DefaultLoraTargets = new(StringComparer.Ordinal)
    {
        ["gpt2"] = ["c_attn"],
        ["llama"] = ["q_proj", "v_proj"],
        ["mistral"] = ["q_proj", "v_proj"],
        ["qwen2"] = ["q_proj", "v_proj"],
        ["bert"] = ["query", "value"],
    };

    /// <summary>The architecture to build for the task, or an input error when the model family has no such head.</summary>
    public static string Architecture(HfConfig config, string task, ModelRegistry? registry = null)
    {
        var (family, resolved) = (registry ?? ModelRegistry.Default).Resolve(config);
        var suffixes = task switch
        {
            FineTuneTask.TextClassification => new[] { "ForSequenceClassification" },
            FineTuneTask.ImageClassification => ["ForImageClassification"],
            FineTuneTask.CausalLm or FineTuneTask.Instruction => ["ForCausalLM", "LMHeadModel"],
            _ => throw new InvalidInputException($"task '{task}' is not one of {string.Join(", ", FineTuneTask.All)}"),
        };
        if (suffixes.Any(suffix => resolved.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return resolved;
        }

        return family.Architectures.FirstOrDefault(name => suffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)))
            ?? throw new InvalidInputException(
                $"{config.Source}: task '{task}' needs a *{suffixes[0]} model, but model_type '{config.ModelType}' only offers {string.Join(", ", family.Architectures)}");
    }

    public static IReadOnlyList<string> LoraTargets(HfConfig config, IReadOnlyList<string>? configured)
    {
        if (configured is { Count: > 0 })
        {
            return configured;
        }

        return config.ModelType is { } type && DefaultLoraTargets.TryGetValue(type, out var targets)
            ? targets
            : throw new InvalidInputException($"method.lora.targetModules is required for model_type '{config.ModelType}' (no default is known)");
    }
}
