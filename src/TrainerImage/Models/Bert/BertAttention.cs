using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>Self-attention plus its output projection (HF names <c>attention.self</c>, <c>attention.output</c>).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly BertSelfAttention @self;
    private readonly BertResidualOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        @self = new BertSelfAttention(config);
        output = new BertResidualOutput(config, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var attended = @self.forward(hidden, keyMask);
        return output.forward(attended, hidden);
    }
}
