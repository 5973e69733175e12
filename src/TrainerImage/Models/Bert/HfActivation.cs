using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>The <c>hidden_act</c> values (transformers ACT2FN names) these models accept, applied functionally.</summary>
public static class HfActivation
{
    private static readonly string[] Supported = ["gelu", "gelu_new", "gelu_pytorch_tanh", "relu", "silu", "swish", "tanh"];

    public static void Validate(string name, string source)
    {
        if (!Supported.Contains(name))
        {
            throw new InvalidInputException($"{source}: hidden_act '{name}' is not supported; supported: {string.Join(", ", Supported)}.");
        }
    }

    public static Tensor Apply(string name, Tensor input) => name switch
    {
        // transformers' "gelu" is the exact erf form; the tanh forms are its approximations.
        "gelu" => nn.functional.gelu(input),
        "gelu_new" or "gelu_pytorch_tanh" => nn.functional.gelu(input, TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => nn.functional.relu(input),
        "silu" or "swish" => nn.functional.silu(input),
        "tanh" => input.tanh(),
        _ => throw new ArgumentException($"hidden_act '{name}' is not supported.", nameof(name)),
    };
}
