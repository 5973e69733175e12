using KubeTune.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training;

/// <summary>
/// bf16 mixed precision without autocast (TorchSharp 0.107 has none): the whole model computes in bf16 (a frozen base
/// stays bf16 only), the trainable parameters keep fp32 masters that AdamW (fp32 state) updates. Backward accumulates
/// bf16 gradients into a flat buffer; each micro-batch folds it into the fp32 master gradient, so accumulation over
/// micro-batches is fp32. After each step the masters are copied (rounded) into the bf16 model.
/// </summary>
public sealed class Bf16MasterWeights : ITrainableWeights
{
    private readonly torch.nn.Module model;
    private readonly List<MasterWeightGroup> groups = [];
    private readonly Dictionary<string, MasterWeightMember> members = new(StringComparer.Ordinal);
    private Dictionary<string, Parameter> computeParameters;
    private bool released;

    public Bf16MasterWeights(torch.nn.Module model)
    {
        this.model = model;
        var (decay, noDecay) = AdamWFactory.Group(model);
        if (decay.Count > 0)
        {
            groups.Add(new MasterWeightGroup(decay, decays: true));
        }

        if (noDecay.Count > 0)
        {
            groups.Add(new MasterWeightGroup(noDecay, decays: false));
        }

        foreach (var member in groups.SelectMany(group => group.Members))
        {
            members.Add(member.Name, member);
        }

        model.to(torch.ScalarType.BFloat16);
        computeParameters = model.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter, StringComparer.Ordinal);
        foreach (var member in members.Values)
        {
            // Backward adds into an existing .grad in place, so gradients land in the flat buffer.
            computeParameters[member.Name].grad = member.GradientView;
        }
    }

    public string ComputePrecision => Precision.Bf16;

    public AdamW CreateOptimizer(double learningRate, double weightDecay)
    {
        if (groups.Count == 0)
        {
            throw new InvalidInputException("the model has no trainable parameters for this training method");
        }

        var parameterGroups = groups.Select(group => new AdamW.ParamGroup([group.Master], learningRate, 0.9, 0.999, 1e-8, group.Decays ? weightDecay : 0.0));
        return new GcSafe.AdamW(parameterGroups, learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }

    public void AfterBackward()
    {
        using var noGrad = torch.no_grad();
        foreach (var group in groups)
        {
            group.MasterGradient.add_(group.ComputeGradient, KeptScalars.One);
            group.ComputeGradient.zero_();
        }
    }

    public void Step(AdamW optimizer, double maxGradNorm)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        if (maxGradNorm > 0)
        {
            // clip_grad_norm_ as torch computes it (max / (norm + 1e-6) is reciprocal × max), kept on the device
            // (libtorch's C++ version reads the norm back), with kept Scalars (docs/training.md).
            var squares = groups.Select(group => group.MasterGradient.pow(KeptScalars.Two).sum()).Aggregate((a, b) => a.add_(b, KeptScalars.One));
            using var maxNorm = maxGradNorm.ToScalar();
            var coefficient = squares.sqrt().add_(ClipScalars.NormEpsilon, KeptScalars.One).reciprocal_().mul_(maxNorm).clamp_max_(ClipScalars.MaxCoefficient);
            foreach (var group in groups)
            {
                group.MasterGradient.mul_(coefficient);
            }
        }

        optimizer.step();
        foreach (var group in groups)
        {
            group.MasterGradient.zero_();
        }

        CopyMastersToModel();
    }

    public IEnumerable<KeyValuePair<string, torch.Tensor>> ChangingTensors() =>
        members.Values.Select(member => KeyValuePair.Create(member.Name, member.MasterView))
            .Concat(model.named_buffers().Select(pair => KeyValuePair.Create(pair.name, pair.buffer.is_floating_point() ? pair.buffer.to(torch.ScalarType.Float32) : pair.buffer)));

    public void CopyInto(IReadOnlyDictionary<string, torch.Tensor> tensors, string source)
    {
        var buffers = model.named_buffers().ToDictionary(pair => pair.name, pair => pair.buffer, StringComparer.Ordinal);
        var missing = members.Keys.Concat(buffers.Keys).Where(name => !tensors.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{source}: checkpoint lacks [{string.Join(", ", missing.Take(5))}] of this model; was it written by another method or model?");
        }

        using var noGrad = torch.no_grad();
        foreach (var member in members.Values)
        {
            member.MasterView.copy_(tensors[member.Name]);
        }

        foreach (var (name, buffer) in buffers)
        {
            buffer.copy_(tensors[name]);
        }

        CopyMastersToModel();
    }

    public void Release()
    {
        if (released)
        {
            return;
        }

        released = true;
        model.to(torch.ScalarType.Float32);
        computeParameters = model.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter, StringComparer.Ordinal);
        CopyMastersToModel();
        Dispose();
    }

    public void Dispose()
    {
        foreach (var group in groups)
        {
            group.Dispose();
        }

        groups.Clear();
        members.Clear();
    }

    private void CopyMastersToModel()
    {
        using var noGrad = torch.no_grad();
        foreach (var member in members.Values)
        {
            computeParameters[member.Name].copy_(member.MasterView);
        }
    }
}
