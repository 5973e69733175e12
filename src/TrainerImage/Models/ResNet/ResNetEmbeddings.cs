using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The stem: 7x7 stride-2 conv layer (HF name <c>embedder</c>), then 3x3 stride-2 max pooling.</summary>
public sealed class ResNetEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly ResNetConvLayer embedder;
    private readonly long numChannels;
    private readonly long[]? poolPadding;

    public ResNetEmbeddings(ResNetConfig config) : base(nameof(ResNetEmbeddings))
    {
        embedder = new ResNetConvLayer(
            config.NumChannels, config.EmbeddingSize, kernelSize: 7, stride: 2, activation: config.HiddenAct, asymmetricPadding: config.AsymmetricStridedPadding);
        numChannels = config.NumChannels;
        poolPadding = config.AsymmetricStridedPadding ? AsymmetricPadding.For(kernelSize: 3, stride: 2) : null;
        RegisterComponents();
    }

    /// <param name="pixelValues">[batch, num_channels, height, width] float images.</param>
    public override Tensor forward(Tensor pixelValues)
    {
        if (pixelValues.dim() != 4 || pixelValues.shape[1] != numChannels)
        {
            throw new InvalidInputException(
                $"pixel_values must be [batch, {numChannels}, height, width] to match num_channels in the config, got [{string.Join(", ", pixelValues.shape)}]");
        }
        using var embedded = embedder.forward(pixelValues);
        if (poolPadding is null)
        {
            return nn.functional.max_pool2d(embedded, kernel_size: 3, stride: 2, padding: 1);
        }
        // Max pooling ignores padding, which -inf reproduces.
        using var padded = nn.functional.pad(embedded, poolPadding, value: double.NegativeInfinity);
        return nn.functional.max_pool2d(padded, kernel_size: 3, stride: 2);
    }
}
