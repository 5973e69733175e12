using TorchSharp;

namespace KubeTune.Trainer.Inference;

/// <summary>Picks the next token from one position's logits: argmax (greedy) or a draw after temperature and top-p.</summary>
public sealed class TokenSampler : IDisposable
{
    private readonly GenerationSettings settings;
    private readonly torch.Generator? random;
    // Held Scalars: a temporary one can be freed mid-call by another thread's GC (docs/training.md).
    private readonly Scalar temperature;
    private readonly Scalar topP;
    private readonly Scalar zero = 0.0.ToScalar();

    public TokenSampler(GenerationSettings settings)
    {
        this.settings = settings;
        random = settings.Greedy ? null : new torch.Generator((ulong)settings.Seed);
        temperature = Math.Max(settings.Temperature, 1e-6).ToScalar();
        topP = settings.TopP.ToScalar();
    }

    /// <summary>The next token for logits [vocab].</summary>
    public long Next(torch.Tensor logits)
    {
        using var scope = torch.NewDisposeScope();
        if (settings.Greedy)
        {
            return logits.argmax().item<long>();
        }

        var probabilities = logits.to(torch.ScalarType.Float32).div(temperature).softmax(-1);
        var (sorted, order) = probabilities.sort(descending: true);
        if (settings.TopP < 1)
        {
            // Nucleus: keep the most likely tokens until their mass reaches top_p (the first always stays).
            var before = sorted.cumsum(0).sub(sorted);
            sorted = sorted.masked_fill(before.gt(topP), zero);
        }

        var pick = torch.multinomial(sorted, 1, generator: random);
        return order[pick].item<long>();
    }

    public void Dispose()
    {
        random?.Dispose();
        temperature.Dispose();
        topP.Dispose();
        zero.Dispose();
    }
}
