using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>The decoder stack (transformers' LlamaModel): token embedding, layers, final RMSNorm.</summary>
public sealed class LlamaModel : torch.nn.Module<torch.Tensor, torch.Tensor?, torch.Tensor>
{
    [ComponentName(Name = "embed_tokens")]
    private readonly Embedding tokenEmbedding;

    [ComponentName(Name = "layers")]
    private readonly ModuleList<LlamaDecoderLayer> layers;

    [ComponentName(Name = "norm")]
    private readonly LlamaRmsNorm finalNorm;

    private readonly LlamaRotaryEmbedding rotary;
    private readonly int? slidingWindow;

    public LlamaModel(LlamaConfig config, double initStd)
        : base(nameof(LlamaModel))
    {
        tokenEmbedding = torch.nn.Embedding(config.VocabSize, config.HiddenSize);
        using (torch.no_grad())
        {
            tokenEmbedding.weight!.normal_(0, initStd);
        }

        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.LayerCount).Select(i => new LlamaDecoderLayer(config, i)).ToArray());
        finalNorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEpsilon);
        rotary = new LlamaRotaryEmbedding(config.Rope);
        slidingWindow = config.SlidingWindow;
        RegisterComponents();
    }

    public Parameter TokenEmbeddingWeight => tokenEmbedding.weight!;

    public int LayerCount => layers.Count;

    public override torch.Tensor forward(torch.Tensor inputIds, torch.Tensor? attentionMask) => Forward(inputIds, attentionMask, null);

    /// <summary>The hidden states of <paramref name="inputIds"/>, placed after the tokens <paramref name="cache"/> holds (which it then holds too).</summary>
    public torch.Tensor Forward(torch.Tensor inputIds, torch.Tensor? attentionMask, KeyValueCache? cache)
    {
        if (cache is not null && attentionMask is not null)
        {
            throw new ArgumentException("a cached forward pass takes no attention mask (one unpadded sequence)", nameof(attentionMask));
        }

        var length = inputIds.shape[1];
        var past = cache?.Length ?? 0;
        var hidden = tokenEmbedding.forward(inputIds);
        var tables = rotary.Tables(past + length, inputIds.device);
        if (past > 0)
        {
            tables = (tables.Cos[(int)past..], tables.Sin[(int)past..]);
        }

        var mask = cache is null
            ? CausalAttentionMask.Build(attentionMask, length, inputIds.device, slidingWindow)
            : CausalAttentionMask.ForCache(length, past, inputIds.device, slidingWindow);
        foreach (var layer in layers)
        {
            hidden = layer.Forward(hidden, tables, mask, cache);
        }

        cache?.Advance(length);
        return finalNorm.forward(hidden);
    }
}
