using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The stages (HF name <c>stages.N</c>); every stage after the first halves the resolution.</summary>
public sealed class ResNetEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ResNetStage> stages;

    public ResNetEncoder(ResNetConfig config) : base(nameof(ResNetEncoder))
    {
        var built = new List<ResNetStage>
        {
            new(config, config.EmbeddingSize, config.HiddenSizes[0], config.DownsampleInFirstStage ? 2 : 1, config.Depths[0]),
        };
        for (var i = 1; i < config.HiddenSizes.Count; i++)
        {
            built.Add(new ResNetStage(config, config.HiddenSizes[i - 1], config.HiddenSizes[i], 2, config.Depths[i]));
        }
        stages = nn.ModuleList(built.ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = input;
        foreach (var stage in stages)
        {
            hidden = stage.forward(hidden);
        }
        return hidden.MoveToOuterDisposeScope();
    }
}
