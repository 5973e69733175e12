using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>The gated feed-forward block: down(act(gate(x)) * up(x)).</summary>
public sealed class LlamaMlp : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    [ComponentName(Name = "gate_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> gateProjection;

    [ComponentName(Name = "up_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> upProjection;

    [ComponentName(Name = "down_proj")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> downProjection;

    private readonly string activation;

    public LlamaMlp(LlamaConfig config)
        : base(nameof(LlamaMlp))
    {
        activation = config.Activation;
        gateProjection = torch.nn.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias);
        upProjection = torch.nn.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias);
        downProjection = torch.nn.Linear(config.IntermediateSize, config.HiddenSize, config.MlpBias);
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor hidden)
    {
        var gate = gateProjection.forward(hidden);
        var activated = activation switch
        {
            "gelu" => torch.nn.functional.gelu(gate),
            "gelu_pytorch_tanh" => torch.nn.functional.gelu(gate, GELU.Approximate.tanh),
            "relu" => torch.nn.functional.relu(gate),
            _ => torch.nn.functional.silu(gate),
        };
        return downProjection.forward(activated * upProjection.forward(hidden));
    }
}
