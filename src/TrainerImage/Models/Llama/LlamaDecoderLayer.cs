using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>One pre-norm decoder layer: RMSNorm, attention, residual; RMSNorm, gated MLP, residual.</summary>
public sealed class LlamaDecoderLayer : torch.nn.Module<torch.Tensor, (torch.Tensor Cos, torch.Tensor Sin), torch.Tensor?, torch.Tensor>
{
    [ComponentName(Name = "input_layernorm")]
    private readonly LlamaRmsNorm attentionNorm;

    [ComponentName(Name = "self_attn")]
    private readonly LlamaAttention attention;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly LlamaRmsNorm mlpNorm;

    [ComponentName(Name = "mlp")]
    private readonly LlamaMlp mlp;

    public LlamaDecoderLayer(LlamaConfig config, int layerIndex)
        : base(nameof(LlamaDecoderLayer))
    {
        attentionNorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEpsilon);
        attention = new LlamaAttention(config, layerIndex);
        mlpNorm = new LlamaRmsNorm(config.HiddenSize, config.RmsNormEpsilon);
        mlp = new LlamaMlp(config);
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor hidden, (torch.Tensor Cos, torch.Tensor Sin) rotary, torch.Tensor? mask) => Forward(hidden, rotary, mask, null);

    public torch.Tensor Forward(torch.Tensor hidden, (torch.Tensor Cos, torch.Tensor Sin) rotary, torch.Tensor? mask, KeyValueCache? cache)
    {
        // Kept alphas: a + b's temporary Scalar could be freed mid-call by a GC on another thread (docs/training.md).
        hidden = hidden.add(attention.Forward(attentionNorm.forward(hidden), rotary, mask, cache), KeptScalars.One);
        return hidden.add(mlp.forward(mlpNorm.forward(hidden)), KeptScalars.One);
    }
}
