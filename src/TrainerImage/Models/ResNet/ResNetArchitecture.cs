namespace KubeTune.Trainer.Models.ResNet;

/// <summary>Registers ResNet (<c>model_type: resnet</c>) with the model registry.</summary>
public sealed class ResNetArchitecture : IModelArchitecture
{
    public IReadOnlyList<string> ModelTypes { get; } = ["resnet"];

    public IReadOnlyList<string> Architectures { get; } = ["ResNetForImageClassification"];

    public PretrainedModel Create(HfConfig config, string architecture) => architecture switch
    {
        "ResNetForImageClassification" => new ResNetForImageClassification(config),
        _ => throw new InvalidInputException(
            $"{config.Source}: ResNet architecture '{architecture}' is not supported; supported: {string.Join(", ", Architectures)}"),
    };

    public double ParameterCount(HfConfig config, string architecture)
    {
        var c = ResNetConfig.From(config);
        // Convolutions dominate: a basic layer has two 3x3 convolutions, a bottleneck 1x1, 3x3 and 1x1 at a quarter width.
        var perSquare = c.LayerType == ResNetConfig.BasicLayer ? 18.0 : 17.0 / 16;
        double total = 49.0 * c.NumChannels * c.EmbeddingSize;
        double input = c.EmbeddingSize;
        for (var stage = 0; stage < c.HiddenSizes.Count; stage++)
        {
            double width = c.HiddenSizes[stage];
            total += (c.Depths[stage] * perSquare * width * width) + (input * width);
            input = width;
        }

        return total + (input * c.NumLabels) + c.NumLabels;
    }
}
