namespace KubeTune.Trainer.Configuration;

/// <summary>full, lora (with <see cref="Lora"/> settings, defaults applied) or head.</summary>
public sealed record MethodSection(string Type, LoraSection? Lora)
{
    public const string Full = "full";
    public const string LoraType = "lora";
    public const string Head = "head";

    public static IReadOnlyList<string> All { get; } = [Full, LoraType, Head];
}
