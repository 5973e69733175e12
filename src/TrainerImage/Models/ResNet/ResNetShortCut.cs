using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>Projects the residual to the block's output shape: 1x1 strided conv + batch norm, no activation.</summary>
public sealed class ResNetShortCut : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d convolution;
    private readonly GcSafeBatchNorm2d normalization;

    public ResNetShortCut(long inChannels, long outChannels, long stride) : base(nameof(ResNetShortCut))
    {
        convolution = nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
        normalization = new GcSafeBatchNorm2d(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var projected = convolution.forward(input);
        return normalization.forward(projected);
    }
}
