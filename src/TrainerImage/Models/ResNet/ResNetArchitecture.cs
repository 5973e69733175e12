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
}
