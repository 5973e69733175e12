using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>Grouped-query self-attention with rotary embeddings (Llama, Mistral, Qwen2).</summary>
public sealed class LlamaAttention : torch.nn.Module<torch.Tensor, (torch.Tensor Cos, torch.Tensor Sin), torch.Tensor?, torch.Tensor>
{
    [ComponentName(Name = "q_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> queryProjection;

    [ComponentName(Name = "k_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> keyProjection;

    [ComponentName(Name = "v_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> valueProjection;

    [ComponentName(Name = "o_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> outputProjection;

    private readonly int headCount;
    private readonly int keyValueHeadCount;
    private readonly int headDim;
    private readonly double dropout;
    private readonly int layerIndex;

    public LlamaAttention(LlamaConfig config, int layerIndex)
        : base(nameof(LlamaAttention))
    {
        this.layerIndex = layerIndex;
        headCount = config.HeadCount;
        keyValueHeadCount = config.KeyValueHeadCount;
        headDim = config.HeadDim;
        dropout = config.AttentionDropout;
        queryProjection = torch.nn.Linear(config.HiddenSize, headCount * headDim, config.QueryKeyValueBias);
        keyProjection = torch.nn.Linear(config.HiddenSize, keyValueHeadCount * headDim, config.QueryKeyValueBias);
        valueProjection = torch.nn.Linear(config.HiddenSize, keyValueHeadCount * headDim, config.QueryKeyValueBias);
        outputProjection = torch.nn.Linear(headCount * headDim, config.HiddenSize, config.OutputBias);
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor hidden, (torch.Tensor Cos, torch.Tensor Sin) rotary, torch.Tensor? mask) => Forward(hidden, rotary, mask, null);

    /// <summary>Attention over the cached tokens and these; <paramref name="cache"/> gains this layer's keys and values (before the GQA repeat).</summary>
    public torch.Tensor Forward(torch.Tensor hidden, (torch.Tensor Cos, torch.Tensor Sin) rotary, torch.Tensor? mask, KeyValueCache? cache)
    {
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        var query = queryProjection.forward(hidden).view(batch, length, headCount, headDim).transpose(1, 2);
        var key = keyProjection.forward(hidden).view(batch, length, keyValueHeadCount, headDim).transpose(1, 2);
        var value = valueProjection.forward(hidden).view(batch, length, keyValueHeadCount, headDim).transpose(1, 2);
        query = LlamaRotaryEmbedding.Apply(query, rotary.Cos, rotary.Sin);
        key = LlamaRotaryEmbedding.Apply(key, rotary.Cos, rotary.Sin);
        var past = cache?.Length ?? 0;
        if (cache is not null)
        {
            (key, value) = cache.Append(layerIndex, key, value);
        }

        if (keyValueHeadCount != headCount)
        {
            // Each key/value head serves headCount / keyValueHeadCount consecutive query heads.
            var groups = headCount / keyValueHeadCount;
            key = key.repeat_interleave(groups, dim: 1);
            value = value.repeat_interleave(groups, dim: 1);
        }

        var attended = torch.nn.functional.scaled_dot_product_attention(
            query, key, value, mask, training ? dropout : 0.0, is_casual: mask is null && past == 0);
        return outputProjection.forward(attended.transpose(1, 2).reshape(batch, length, headCount * headDim));
    }
}
