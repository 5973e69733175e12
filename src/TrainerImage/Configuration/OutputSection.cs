namespace KubeTune.Trainer.Configuration;

/// <summary>Where the result goes (safetensors or peft-adapter); Path is the pod path the operator mounted.</summary>
public sealed record OutputSection(string Uri, string Format = OutputSection.Safetensors, string? Path = null)
{
    public const string Safetensors = "safetensors";
    public const string PeftAdapter = "peft-adapter";

    public static IReadOnlyList<string> Formats { get; } = [Safetensors, PeftAdapter];
}
