using System.Text.RegularExpressions;
using KubeTune.Trainer.Models.Llama;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training;

/// <summary>
/// AdamW with transformers' default grouping: weight decay on every trainable parameter except biases and the weights of
/// normalisation layers (LayerNorm, RMSNorm, modules named *norm), which get none. The optimizer is
/// <see cref="GcSafe.AdamW"/>: torch's AdamW maths without temporary Scalars.
/// </summary>
public static partial class AdamWFactory
{
    public static GcSafe.AdamW Create(torch.nn.Module model, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        var (decay, noDecay) = Group(model);
        if (decay.Count + noDecay.Count == 0)
        {
            throw new InvalidInputException("the model has no trainable parameters for this training method");
        }

        var groups = new List<AdamW.ParamGroup>();
        if (decay.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(decay.Select(pair => pair.Parameter), learningRate, beta1, beta2, epsilon, weightDecay));
        }

        if (noDecay.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(noDecay.Select(pair => pair.Parameter), learningRate, beta1, beta2, epsilon, 0.0));
        }

        return new GcSafe.AdamW(groups, learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /// <summary>The trainable parameters by name, split into those that decay and those that do not.</summary>
    public static (IReadOnlyList<(string Name, Parameter Parameter)> Decay, IReadOnlyList<(string Name, Parameter Parameter)> NoDecay) Group(torch.nn.Module model)
    {
        var normParameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (moduleName, module) in model.named_modules())
        {
            if (module is LayerNorm or LlamaRmsNorm || NormName().IsMatch(moduleName))
            {
                foreach (var (name, _) in module.named_parameters(recurse: false))
                {
                    normParameters.Add(moduleName.Length == 0 ? name : $"{moduleName}.{name}");
                }
            }
        }

        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!parameter.requires_grad)
            {
                continue;
            }

            (normParameters.Contains(name) || name.Contains("bias", StringComparison.Ordinal) ? noDecay : decay).Add((name, parameter));
        }

        return (decay, noDecay);
    }

    // transformers' forbidden name patterns: layernorm, rmsnorm, a component called norm or ending in _norm.
    [GeneratedRegex(@"layernorm|rmsnorm|(?:^|\.)norm(?:$|\.)|_norm(?:$|\.)", RegexOptions.IgnoreCase)]
    private static partial Regex NormName();
}
