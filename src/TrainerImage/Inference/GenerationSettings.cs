namespace KubeTune.Trainer.Inference;

/// <summary>How tokens are picked: greedy when Temperature is 0, else sampled (softmax at Temperature, nucleus TopP) from Seed.</summary>
public sealed record GenerationSettings(int MaxNewTokens = GenerationSettings.DefaultMaxNewTokens, double Temperature = 0, double TopP = 1, long Seed = 42)
{
    public const int DefaultMaxNewTokens = 64;

    public bool Greedy => Temperature <= 0;
}
