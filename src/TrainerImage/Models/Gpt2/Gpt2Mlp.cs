using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>GPT-2's feed-forward block: c_fc, activation, c_proj, dropout.</summary>
public sealed class Gpt2Mlp : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    [ComponentName(Name = "c_fc")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> expand;

    [ComponentName(Name = "c_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> contract;

    private readonly Dropout dropout;
    private readonly string activation;

    public Gpt2Mlp(Gpt2Config config, double initStd)
        : base(nameof(Gpt2Mlp))
    {
        activation = config.Activation;
        expand = new Gpt2Conv1D(config.HiddenSize, config.InnerSize, initStd);
        contract = new Gpt2Conv1D(config.InnerSize, config.HiddenSize, initStd / Math.Sqrt(2 * config.LayerCount));
        dropout = torch.nn.Dropout(config.ResidualDropout);
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor hidden)
    {
        var expanded = expand.forward(hidden);
        var activated = activation switch
        {
            // gelu_new is the tanh approximation of GELU.
            "gelu_new" or "gelu_pytorch_tanh" => torch.nn.functional.gelu(expanded, GELU.Approximate.tanh),
            "gelu" => torch.nn.functional.gelu(expanded),
            "relu" => torch.nn.functional.relu(expanded),
            _ => torch.nn.functional.silu(expanded),
        };
        return dropout.forward(contract.forward(activated));
    }
}
