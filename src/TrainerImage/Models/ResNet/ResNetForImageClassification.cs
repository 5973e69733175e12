using KubeTune.Trainer.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>ResNet with a flatten + linear head (HF <c>ResNetForImageClassification</c>, head named <c>classifier.1</c>).</summary>
public sealed class ResNetForImageClassification : PretrainedModel
{
    private readonly ResNetModel resnet;
    private readonly nn.Module<Tensor, Tensor> classifier;

    public ResNetForImageClassification(HfConfig config) : base(nameof(ResNetForImageClassification), config)
    {
        var settings = ResNetConfig.From(config);
        resnet = new ResNetModel(settings);
        // PyTorch's default Linear init, which transformers keeps for this head.
        classifier = nn.Sequential(nn.Flatten(), nn.Linear(settings.HiddenSizes[^1], settings.NumLabels));
        RegisterComponents();
    }

    public override IReadOnlyList<string> TaskHeadPrefixes { get; } = ["classifier."];

    public override string? BaseModelPrefix => "resnet";

    /// <summary>Logits [batch, num_labels] from pixel_values [batch, channels, height, width]; with labels also the mean cross-entropy.</summary>
    public override ModelOutput forward(ModelBatch batch)
    {
        var pixels = batch.PixelValues ?? throw new InvalidInputException($"the batch has no '{ModelBatch.PixelValuesName}'");
        using var scope = NewDisposeScope();
        var logits = classifier.forward(resnet.forward(pixels));
        var loss = batch.Labels is null ? null : ClassificationLoss.CrossEntropy(logits, batch.Labels);
        return new ModelOutput(logits.MoveToOuterDisposeScope(), loss?.MoveToOuterDisposeScope());
    }
}
