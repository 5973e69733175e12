using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>RMSNorm as transformers computes it: in float32, then scaled by the weight in the input dtype.</summary>
public sealed class LlamaRmsNorm : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    private readonly Parameter weight;
    private readonly double epsilon;

    public LlamaRmsNorm(long size, double epsilon)
        : base(nameof(LlamaRmsNorm))
    {
        this.epsilon = epsilon;
        weight = new Parameter(torch.ones(size));
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor input)
    {
        var hidden = input.to(torch.ScalarType.Float32);
        var variance = hidden.pow(2).mean([-1L], keepdim: true);
        hidden = hidden * torch.rsqrt(variance + epsilon);
        return weight * hidden.to(input.dtype);
    }
}
