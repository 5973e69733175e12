using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>RMSNorm as transformers computes it: in float32, then scaled by the weight in the input dtype.</summary>
public sealed class LlamaRmsNorm : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly Parameter weight;
    // A field, not a number per call: a temporary Scalar can be freed mid-call by another thread's GC.
    private readonly Scalar epsilon;

    public LlamaRmsNorm(long size, double epsilon)
        : base(nameof(LlamaRmsNorm))
    {
        this.epsilon = epsilon.ToScalar();
        weight = new Parameter(torch.ones(size));
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor input)
    {
        var hidden = input.to(torch.ScalarType.Float32);
        var variance = hidden.pow(KeptScalars.Two).mean([-1L], keepdim: true);
        hidden = hidden * torch.rsqrt(variance.add(epsilon, KeptScalars.One));
        return weight * hidden.to(input.dtype);
    }
}
