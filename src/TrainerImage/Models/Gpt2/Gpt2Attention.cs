using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>GPT-2 causal self-attention: fused q/k/v projection, scaled_dot_product_attention, output projection.</summary>
public sealed class Gpt2Attention : torch.nn.Module<torch.Tensor, torch.Tensor?, torch.Tensor>
{
    [ComponentName(Name = "c_attn")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> queryKeyValue;

    [ComponentName(Name = "c_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> outputProjection;

    private readonly Dropout residualDropout;
    private readonly int headCount;
    private readonly double attentionDropout;
    private readonly Scalar? extraScale;
    private readonly int layerIndex;

    public Gpt2Attention(Gpt2Config config, int layerIndex, double initStd)
        : base(nameof(Gpt2Attention))
    {
        headCount = config.HeadCount;
        this.layerIndex = layerIndex;
        attentionDropout = config.AttentionDropout;
        // SDPA applies 1/sqrt(head_dim); GPT-2 options change that scale, folded into the query.
        var headDim = config.HiddenSize / config.HeadCount;
        var scale = config.ScaleAttentionWeights ? 1.0 : Math.Sqrt(headDim);
        var extra = config.ScaleAttentionByInverseLayerIndex ? scale / (layerIndex + 1) : scale;
        // A field, not a number per call: a temporary Scalar can be freed mid-call by another thread's GC.
        extraScale = extra == 1.0 ? null : extra.ToScalar();
        queryKeyValue = new Gpt2Conv1D(config.HiddenSize, 3 * config.HiddenSize, initStd);
        outputProjection = new Gpt2Conv1D(config.HiddenSize, config.HiddenSize, initStd / Math.Sqrt(2 * config.LayerCount));
        residualDropout = torch.nn.Dropout(config.ResidualDropout);
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor hidden, torch.Tensor? mask) => Forward(hidden, mask, null);

    /// <summary>Attention over the cached tokens and these; <paramref name="cache"/> gains this layer's keys and values.</summary>
    public torch.Tensor Forward(torch.Tensor hidden, torch.Tensor? mask, KeyValueCache? cache)
    {
        var (batch, length, width) = (hidden.shape[0], hidden.shape[1], hidden.shape[2]);
        var headDim = width / headCount;
        var qkv = queryKeyValue.forward(hidden).view(batch, length, 3, headCount, headDim).permute(2, 0, 3, 1, 4);
        var query = qkv[0];
        if (extraScale is not null)
        {
            query = query.mul(extraScale);
        }

        var (key, value) = (qkv[1], qkv[2]);
        var past = cache?.Length ?? 0;
        if (cache is not null)
        {
            (key, value) = cache.Append(layerIndex, key, value);
        }

        var attended = torch.nn.functional.scaled_dot_product_attention(
            query, key, value, mask, training ? attentionDropout : 0.0, is_casual: mask is null && past == 0);
        var merged = attended.transpose(1, 2).reshape(batch, length, width);
        return residualDropout.forward(outputProjection.forward(merged));
    }
}
