using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training;

/// <summary>
/// One AdamW parameter group's fp32 master weights as a single flat parameter (so AdamW and clipping run a handful of
/// kernels instead of a few per tensor), its fp32 gradient, and the flat bf16 buffer the compute model's gradients
/// accumulate into. Members are views into the flat tensors, by state_dict name.
/// </summary>
public sealed class MasterWeightGroup : IDisposable
{
    public MasterWeightGroup(IReadOnlyList<(string Name, Parameter Parameter)> parameters, bool decays)
    {
        Decays = decays;
        using var noGrad = torch.no_grad();
        var flat = torch.cat(parameters.Select(pair => pair.Parameter.detach().reshape(-1).to(torch.ScalarType.Float32)).ToList(), 0);
        Master = new Parameter(flat, requires_grad: true);
        // The parameter takes over the flat tensor's handle.
        Master.grad = torch.zeros_like(Master);
        MasterGradient = Master.grad!;
        ComputeGradient = torch.zeros(Master.shape[0], torch.ScalarType.BFloat16, Master.device);
        var offset = 0L;
        var members = new List<MasterWeightMember>();
        foreach (var (name, parameter) in parameters)
        {
            var count = parameter.numel();
            var shape = parameter.shape;
            members.Add(new MasterWeightMember(name, Master.detach().narrow(0, offset, count).view(shape), ComputeGradient.narrow(0, offset, count).view(shape)));
            offset += count;
        }

        Members = members;
    }

    public bool Decays { get; }

    public Parameter Master { get; }

    public torch.Tensor MasterGradient { get; }

    public torch.Tensor ComputeGradient { get; }

    public IReadOnlyList<MasterWeightMember> Members { get; }

    public void Dispose()
    {
        foreach (var member in Members)
        {
            member.MasterView.Dispose();
            member.GradientView.Dispose();
        }

        ComputeGradient.Dispose();
        MasterGradient.Dispose();
        Master.Dispose();
    }
}
