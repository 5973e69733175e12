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

        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.LayerCount).Select(_ => new LlamaDecoderLayer(config)).ToArray());
        finalNorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEpsilon);
        rotary = new LlamaRotaryEmbedding(config.Rope);
        slidingWindow = config.SlidingWindow;
        RegisterComponents();
    }

    public Parameter TokenEmbeddingWeight => tokenEmbedding.weight!;

    public override torch.Tensor forward(torch.Tensor inputIds, torch.Tensor? attentionMask)
    {
        var length = inputIds.shape[1];
        var hidden = tokenEmbedding.forward(inputIds);
        var tables = rotary.Tables(length, inputIds.device);
        var mask = CausalAttentionMask.Build(attentionMask, length, inputIds.device, slidingWindow);
        foreach (var layer in layers)
        {
            hidden = layer.forward(hidden, tables, mask);
        }

        return finalNorm.forward(hidden);
    }
}
