using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;

namespace KubeTune.Trainer.Inference;

/// <summary>
/// Autoregressive generation for one prompt: with the KV cache each step feeds only the newest token; without it each
/// step runs the whole sequence again (the reference the cache is tested against). Stops at a stop token or the limit.
/// </summary>
public static class TokenGenerator
{
    public static GeneratedTokens Generate(
        PretrainedModel model,
        IReadOnlyList<long> prompt,
        GenerationSettings settings,
        IReadOnlySet<long> stopTokens,
        torch.Device device,
        bool useCache = true,
        int? contextLength = null)
    {
        if (prompt.Count == 0)
        {
            throw new InvalidInputException("the prompt encodes to no tokens");
        }

        if (model.DecoderLayerCount == 0)
        {
            throw new InvalidInputException($"{model.Architecture} does not generate text (a causal LM does)");
        }

        var limit = contextLength is { } context ? Math.Min(settings.MaxNewTokens, context - prompt.Count) : settings.MaxNewTokens;
        var sequence = prompt.ToList();
        var generated = new List<long>();
        using var cache = useCache ? new KeyValueCache(model.DecoderLayerCount) : null;
        using var sampler = new TokenSampler(settings);
        using var noGrad = torch.no_grad();
        var wasTraining = model.training;
        model.eval();
        try
        {
            var feed = sequence.ToArray();
            while (generated.Count < limit)
            {
                using var scope = torch.NewDisposeScope();
                var ids = torch.tensor(feed, [1, feed.Length], device: device);
                var logits = model.forward(new ModelBatch(InputIds: ids, Cache: cache)).Logits;
                var next = sampler.Next(logits[0, -1]);
                generated.Add(next);
                sequence.Add(next);
                if (stopTokens.Contains(next))
                {
                    return new GeneratedTokens(generated, GeneratedTokens.Eos);
                }

                feed = useCache ? [next] : sequence.ToArray();
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return new GeneratedTokens(generated, GeneratedTokens.Length);
    }
}
