using KubeTune.Trainer.Models.Bert;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>Bias-free convolution, batch norm, then the activation (none for the last conv of a block).</summary>
public sealed class ResNetConvLayer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d convolution;
    private readonly GcSafeBatchNorm2d normalization;
    private readonly string? activation;
    private readonly long[]? explicitPadding;

    public ResNetConvLayer(
        long inChannels, long outChannels, long kernelSize = 3, long stride = 1, string? activation = "relu", bool asymmetricPadding = false)
        : base(nameof(ResNetConvLayer))
    {
        explicitPadding = asymmetricPadding ? AsymmetricPadding.For(kernelSize, stride) : null;
        convolution = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: explicitPadding is null ? kernelSize / 2 : 0, bias: false);
        normalization = new GcSafeBatchNorm2d(outChannels);
        this.activation = activation;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var padded = explicitPadding is null ? input : nn.functional.pad(input, explicitPadding);
        var normalized = normalization.forward(convolution.forward(padded));
        var result = activation is null ? normalized : HfActivation.Apply(activation, normalized);
        return result.MoveToOuterDisposeScope();
    }
}
