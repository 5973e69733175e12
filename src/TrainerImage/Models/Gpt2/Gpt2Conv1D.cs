using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>GPT-2's Conv1D: a linear layer whose weight is stored [in, out] (transposed relative to nn.Linear).</summary>
public sealed class Gpt2Conv1D : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public Gpt2Conv1D(long inFeatures, long outFeatures, double initStd)
        : base(nameof(Gpt2Conv1D))
    {
        weight = new Parameter(torch.empty(inFeatures, outFeatures).normal_(0, initStd));
        bias = new Parameter(torch.zeros(outFeatures));
        RegisterComponents();
    }

    public long InFeatures => weight.shape[0];

    public long OutFeatures => weight.shape[1];

    public Parameter Weight => weight;

    public Parameter Bias => bias;

    public override torch.Tensor forward(torch.Tensor input)
    {
        var flat = input.reshape(-1, InFeatures);
        var output = torch.addmm(bias, flat, weight, 1, 1);
        var shape = input.shape.ToArray();
        shape[^1] = OutFeatures;
        return output.view(shape);
    }
}
