using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>Bidirectional multi-head self-attention through the fused scaled_dot_product_attention kernel.</summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> query;
    private readonly nn.Module<Tensor, Tensor> key;
    private readonly nn.Module<Tensor, Tensor> value;
    private readonly int heads;
    private readonly int headDim;
    private readonly double dropoutProbability;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        heads = config.NumAttentionHeads;
        headDim = config.HeadDim;
        dropoutProbability = config.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    /// <param name="hidden">[batch, sequence, hidden].</param>
    /// <param name="keyMask">boolean [batch, 1, 1, sequence], true for keys that may be attended to; null attends to all.</param>
    public override Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var batch = hidden.shape[0];
        var sequence = hidden.shape[1];
        var q = SplitHeads(query.forward(hidden), batch, sequence);
        var k = SplitHeads(key.forward(hidden), batch, sequence);
        var v = SplitHeads(value.forward(hidden), batch, sequence);
        var context = nn.functional.scaled_dot_product_attention(q, k, v, keyMask, training ? dropoutProbability : 0.0);
        return context.transpose(1, 2).reshape(batch, sequence, heads * headDim).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor projected, long batch, long sequence) =>
        projected.view(batch, sequence, heads, headDim).transpose(1, 2);
}
