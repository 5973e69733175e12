namespace KubeTune.Contracts;

/// <summary>One of <see cref="FineTuneMethod"/>; Lora (defaults applied) is set exactly when the type is lora.</summary>
public sealed record MethodSection(string Type, LoraSection? Lora);
