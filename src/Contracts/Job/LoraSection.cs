namespace KubeTune.Contracts;

/// <summary>LoRA settings (PEFT names); TargetModules null means the model family's attention projections.</summary>
public sealed record LoraSection(int R, double Alpha, double Dropout, IReadOnlyList<string>? TargetModules);
