using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>The GPT-2 transformer (Hugging Face GPT2Model): token and position embeddings, blocks, final norm.</summary>
public sealed class Gpt2Model : torch.nn.Module<torch.Tensor, torch.Tensor?, torch.Tensor>
{
    [ComponentName(Name = "wte")]
    private readonly Embedding tokenEmbedding;

    [ComponentName(Name = "wpe")]
    private readonly Embedding positionEmbedding;

    [ComponentName(Name = "drop")]
    private readonly Dropout embeddingDropout;

    [ComponentName(Name = "h")]
    private readonly ModuleList<Gpt2Block> blocks;

    [ComponentName(Name = "ln_f")]
    private readonly LayerNorm finalNorm;

    public Gpt2Model(Gpt2Config config, double initStd)
        : base(nameof(Gpt2Model))
    {
        tokenEmbedding = torch.nn.Embedding(config.VocabSize, config.HiddenSize);
        positionEmbedding = torch.nn.Embedding(config.PositionCount, config.HiddenSize);
        using (torch.no_grad())
        {
            tokenEmbedding.weight!.normal_(0, initStd);
            positionEmbedding.weight!.normal_(0, initStd);
        }

        embeddingDropout = torch.nn.Dropout(config.EmbeddingDropout);
        blocks = new ModuleList<Gpt2Block>(Enumerable.Range(0, config.LayerCount).Select(i => new Gpt2Block(config, i, initStd)).ToArray());
        finalNorm = torch.nn.LayerNorm(config.HiddenSize, config.LayerNormEpsilon);
        RegisterComponents();
    }

    public Parameter TokenEmbeddingWeight => tokenEmbedding.weight!;

    public long PositionCount => positionEmbedding.weight!.shape[0];

    public override torch.Tensor forward(torch.Tensor inputIds, torch.Tensor? attentionMask) => Forward(inputIds, attentionMask, null);

    /// <summary>The hidden states of <paramref name="inputIds"/>, placed after the tokens <paramref name="cache"/> holds (which it then holds too).</summary>
    public torch.Tensor Forward(torch.Tensor inputIds, torch.Tensor? attentionMask, KeyValueCache? cache)
    {
        var length = inputIds.shape[1];
        var past = cache?.Length ?? 0;
        if (past + length > PositionCount)
        {
            throw new InvalidInputException($"sequence length {past + length} exceeds n_positions {PositionCount}");
        }

        if (cache is not null && attentionMask is not null)
        {
            throw new ArgumentException("a cached forward pass takes no attention mask (one unpadded sequence)", nameof(attentionMask));
        }

        var positions = KeptScalars.Positions(past + length, torch.ScalarType.Int64, inputIds.device);
        if (past > 0)
        {
            positions = positions[(int)past..];
        }

        var hidden = embeddingDropout.forward(tokenEmbedding.forward(inputIds).add(positionEmbedding.forward(positions), KeptScalars.One));
        var mask = cache is null ? CausalAttentionMask.Build(attentionMask, length, inputIds.device) : CausalAttentionMask.ForCache(length, past, inputIds.device);
        foreach (var block in blocks)
        {
            hidden = block.Forward(hidden, mask, cache);
        }

        cache?.Advance(length);
        return finalNorm.forward(hidden);
    }

    public int LayerCount => blocks.Count;
}
