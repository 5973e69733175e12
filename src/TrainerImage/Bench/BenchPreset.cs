using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Bench;

/// <summary>A benchmark shape: the model config.json (random init), sequence length, batch, and LoRA rank/targets (null: full fine-tuning).</summary>
public sealed record BenchPreset(string Name, string Arch, JsonObject Config, int SequenceLength, int BatchSize, int? LoraRank, IReadOnlyList<string> LoraTargets)
{
    public string Method => LoraRank is null ? "full" : "lora";
}
