using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The ResNet backbone: stem, stages, global average pooling to [batch, hidden_sizes[-1], 1, 1].</summary>
public sealed class ResNetModel : nn.Module<Tensor, Tensor>
{
    private readonly ResNetEmbeddings embedder;
    private readonly ResNetEncoder encoder;
    private readonly ResNetConfig config;

    public ResNetModel(ResNetConfig config) : base(nameof(ResNetModel))
    {
        this.config = config;
        embedder = new ResNetEmbeddings(config);
        encoder = new ResNetEncoder(config);
        RegisterComponents();
    }

    /// <returns>The pooled features, [batch, channels, 1, 1].</returns>
    public override Tensor forward(Tensor pixelValues)
    {
        if (config.AsymmetricStridedPadding && pixelValues.dim() == 4)
        {
            AsymmetricPadding.CheckImageSize(config, pixelValues.shape[2], pixelValues.shape[3]);
        }
        using var scope = NewDisposeScope();
        var features = encoder.forward(embedder.forward(pixelValues));
        return nn.functional.adaptive_avg_pool2d(features, 1).MoveToOuterDisposeScope();
    }
}
