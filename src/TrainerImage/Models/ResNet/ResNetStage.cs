using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>One resolution stage: a first block that may stride and change channels, then depth-1 same-shape blocks.</summary>
public sealed class ResNetStage : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layers;

    public ResNetStage(ResNetConfig config, long inChannels, long outChannels, long stride, int depth) : base(nameof(ResNetStage))
    {
        var blocks = new List<nn.Module<Tensor, Tensor>> { Block(config, inChannels, outChannels, stride) };
        for (var i = 1; i < depth; i++)
        {
            blocks.Add(Block(config, outChannels, outChannels, 1));
        }
        layers = nn.Sequential(blocks);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.forward(input);

    private static nn.Module<Tensor, Tensor> Block(ResNetConfig config, long inChannels, long outChannels, long stride) =>
        config.LayerType == ResNetConfig.BottleneckLayer
            ? new ResNetBottleNeckLayer(
                inChannels, outChannels, stride, config.HiddenAct, config.DownsampleInBottleneck, config.AsymmetricStridedPadding)
            : new ResNetBasicLayer(inChannels, outChannels, stride, config.HiddenAct, config.AsymmetricStridedPadding);
}
