using KubeTune.Trainer.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The 1x1 reduce, 3x3, 1x1 expand residual block (ResNet-50+), channels reduced by 4 inside.</summary>
public sealed class ResNetBottleNeckLayer : nn.Module<Tensor, Tensor>
{
    private const long Reduction = 4;

    private readonly ResNetShortCut? shortcut;
    private readonly nn.Module<Tensor, Tensor> layer;
    private readonly string activation;

    public ResNetBottleNeckLayer(
        long inChannels, long outChannels, long stride, string activation, bool downsampleInBottleneck, bool asymmetricPadding = false)
        : base(nameof(ResNetBottleNeckLayer))
    {
        var reduced = outChannels / Reduction;
        shortcut = inChannels != outChannels || stride != 1 ? new ResNetShortCut(inChannels, outChannels, stride) : null;
        // downsample_in_bottleneck moves the stride from the 3x3 to the first 1x1 conv (the original ResNet v1).
        layer = nn.Sequential(
            new ResNetConvLayer(
                inChannels, reduced, kernelSize: 1, stride: downsampleInBottleneck ? stride : 1, activation: activation, asymmetricPadding: asymmetricPadding),
            new ResNetConvLayer(reduced, reduced, stride: downsampleInBottleneck ? 1 : stride, activation: activation, asymmetricPadding: asymmetricPadding),
            new ResNetConvLayer(reduced, outChannels, kernelSize: 1, activation: null));
        this.activation = activation;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var residual = shortcut?.forward(input) ?? input;
        // add with a kept alpha: `+` would pass libtorch a temporary Scalar (see KeptScalars).
        return HfActivation.Apply(activation, layer.forward(input).add(residual, KeptScalars.One)).MoveToOuterDisposeScope();
    }
}
