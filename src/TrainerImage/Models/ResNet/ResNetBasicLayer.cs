using KubeTune.Trainer.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The two 3x3 convolution residual block (ResNet-18/34), HF names <c>shortcut</c> and <c>layer.0/1</c>.</summary>
public sealed class ResNetBasicLayer : nn.Module<Tensor, Tensor>
{
    private readonly ResNetShortCut? shortcut;
    private readonly nn.Module<Tensor, Tensor> layer;
    private readonly string activation;

    public ResNetBasicLayer(long inChannels, long outChannels, long stride, string activation, bool asymmetricPadding = false)
        : base(nameof(ResNetBasicLayer))
    {
        // Identity shortcut (no parameters, nothing stored) when the shape is unchanged, as in transformers.
        shortcut = inChannels != outChannels || stride != 1 ? new ResNetShortCut(inChannels, outChannels, stride) : null;
        layer = nn.Sequential(
            new ResNetConvLayer(inChannels, outChannels, stride: stride, activation: activation, asymmetricPadding: asymmetricPadding),
            new ResNetConvLayer(outChannels, outChannels, activation: null));
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
