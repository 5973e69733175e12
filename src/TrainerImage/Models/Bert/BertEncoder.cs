using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>The stack of <c>num_hidden_layers</c> encoder blocks (HF name <c>encoder.layer.N</c>).</summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var current = hidden;
        foreach (var block in layer)
        {
            current = block.forward(current, keyMask);
        }
        // The caller owns the input; hand back a tensor it can dispose independently.
        return (ReferenceEquals(current, hidden) ? current.alias() : current).MoveToOuterDisposeScope();
    }
}
