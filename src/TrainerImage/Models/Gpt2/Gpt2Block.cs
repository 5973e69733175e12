using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>One pre-norm GPT-2 layer: ln_1, attention, residual; ln_2, MLP, residual.</summary>
public sealed class Gpt2Block : torch.nn.Module<torch.Tensor, torch.Tensor?, torch.Tensor>
{
    [ComponentName(Name = "ln_1")]
    private readonly LayerNorm attentionNorm;

    [ComponentName(Name = "attn")]
    private readonly Gpt2Attention attention;

    [ComponentName(Name = "ln_2")]
    private readonly LayerNorm mlpNorm;

    [ComponentName(Name = "mlp")]
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(Gpt2Config config, int layerIndex, double initStd)
        : base(nameof(Gpt2Block))
    {
        attentionNorm = torch.nn.LayerNorm(config.HiddenSize, config.LayerNormEpsilon);
        attention = new Gpt2Attention(config, layerIndex, initStd);
        mlpNorm = torch.nn.LayerNorm(config.HiddenSize, config.LayerNormEpsilon);
        mlp = new Gpt2Mlp(config, initStd);
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor hidden, torch.Tensor? mask) => Forward(hidden, mask, null);

    public torch.Tensor Forward(torch.Tensor hidden, torch.Tensor? mask, KeyValueCache? cache)
    {
        // Kept alphas: a + b's temporary Scalar could be freed mid-call by a GC on another thread (docs/training.md).
        hidden = hidden.add(attention.Forward(attentionNorm.forward(hidden), mask, cache), KeptScalars.One);
        return hidden.add(mlp.forward(mlpNorm.forward(hidden)), KeptScalars.One);
    }
}
