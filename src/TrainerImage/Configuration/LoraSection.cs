namespace KubeTune.Trainer.Configuration;

/// <summary>LoRA settings (PEFT names); TargetModules null means the model family's attention projections.</summary>
public sealed record LoraSection(int R = 8, double Alpha = 16, double Dropout = 0.05, IReadOnlyList<string>? TargetModules = null);
