using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>The [CLS] summary: the first token through dense + tanh.</summary>
public sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor sequenceOutput)
    {
        using var scope = NewDisposeScope();
        var first = sequenceOutput.select(1, 0);
        return dense.forward(first).tanh().MoveToOuterDisposeScope();
    }
}
