using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>One transformer encoder block: attention, then the feed-forward pair.</summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertResidualOutput(config, config.IntermediateSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var attended = attention.forward(hidden, keyMask);
        return output.forward(intermediate.forward(attended), attended).MoveToOuterDisposeScope();
    }
}
