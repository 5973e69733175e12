using KubeTune.Trainer.Models.Gpt2;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Lora;

/// <summary>
/// PEFT's LoRA layer: the frozen base layer plus scaling * B(A(dropout(x))). Wraps nn.Linear ([out, in]) and
/// GPT-2's Conv1D ([in, out], PEFT's fan_in_fan_out).
/// </summary>
public sealed class LoraLinear : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    [ComponentName(Name = "base_layer")]
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> baseLayer;

    [ComponentName(Name = "lora_dropout")]
    private readonly Dropout dropout;

    [ComponentName(Name = "lora_A")]
    private readonly Linear down;

    [ComponentName(Name = "lora_B")]
    private readonly Linear up;

    private readonly double scaling;

    // The forward's multiplier as a field: a temporary Scalar can be freed mid-call by another thread's GC.
    private readonly Scalar scalingScalar;

    public LoraLinear(torch.nn.Module<torch.Tensor, torch.Tensor> baseLayer, LoraSettings settings)
        : base(nameof(LoraLinear))
    {
        this.baseLayer = baseLayer;
        var (inFeatures, outFeatures) = Features(baseLayer);
        scaling = settings.Scaling;
        scalingScalar = scaling.ToScalar();
        dropout = torch.nn.Dropout(settings.Dropout);
        down = torch.nn.Linear(inFeatures, settings.Rank, hasBias: false);
        up = torch.nn.Linear(settings.Rank, outFeatures, hasBias: false);
        using (torch.no_grad())
        {
            // PEFT's default init: A as nn.Linear (Kaiming uniform), B zero, so the adapter starts as a no-op.
            up.weight!.zero_();
        }

        RegisterComponents();
    }

    /// <summary>True when the base stores its weight [in, out] (GPT-2 Conv1D).</summary>
    public bool FanInFanOut => baseLayer is Gpt2Conv1D;

    public torch.nn.Module<torch.Tensor, torch.Tensor> BaseLayer => baseLayer;

    public static bool CanWrap(torch.nn.Module module) => module is Linear or Gpt2Conv1D;

    public override torch.Tensor forward(torch.Tensor input) =>
        baseLayer.forward(input).add(up.forward(down.forward(dropout.forward(input))).mul(scalingScalar), KeptScalars.One);

    /// <summary>The base weight with scaling * B @ A added, in the base's own layout.</summary>
    public torch.Tensor MergedWeight()
    {
        using var noGrad = torch.no_grad();
        var delta = up.weight!.matmul(down.weight!) * scaling;
        var baseWeight = BaseWeight();
        return baseWeight + (FanInFanOut ? delta.t() : delta).to(baseWeight.dtype);
    }

    /// <summary>Writes the merged weight into the base layer and returns it, without the adapter.</summary>
    public torch.nn.Module<torch.Tensor, torch.Tensor> MergeIntoBase()
    {
        var merged = MergedWeight();
        using var noGrad = torch.no_grad();
        BaseWeight().copy_(merged);
        return baseLayer;
    }

    private torch.Tensor BaseWeight() => baseLayer switch
    {
        Linear linear => linear.weight!,
        Gpt2Conv1D conv => conv.Weight,
        _ => throw new InvalidOperationException($"LoRA cannot wrap {baseLayer.GetType().Name}"),
    };

    private static (long In, long Out) Features(torch.nn.Module<torch.Tensor, torch.Tensor> layer) => layer switch
    {
        Linear linear => (linear.in_features, linear.out_features),
        Gpt2Conv1D conv => (conv.InFeatures, conv.OutFeatures),
        _ => throw new ArgumentException($"LoRA wraps nn.Linear or GPT-2 Conv1D, not {layer.GetType().Name}", nameof(layer)),
    };
}
