namespace KubeTune.Trainer.Inference;

/// <summary>The new tokens (the stop token included when one ended the text) and why generation stopped: "eos" or "length".</summary>
public sealed record GeneratedTokens(IReadOnlyList<long> Tokens, string FinishReason)
{
    public const string Eos = "eos";
    public const string Length = "length";
}
