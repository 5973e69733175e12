namespace KubeTune.Trainer.Models.Lora;

/// <summary>A LoRA adapter's shape: rank, alpha (scaling alpha / r), dropout and the module names it wraps.</summary>
public sealed record LoraSettings(int Rank, double Alpha, double Dropout, IReadOnlyList<string> TargetModules)
{
    public double Scaling => Alpha / Rank;
}
