namespace KubeTune.Trainer.Models.Bert;

/// <summary>Registers BERT (<c>model_type: bert</c>) with the model registry.</summary>
public sealed class BertArchitecture : IModelArchitecture
{
    public IReadOnlyList<string> ModelTypes { get; } = ["bert"];

    public IReadOnlyList<string> Architectures { get; } = ["BertForSequenceClassification"];

    public PretrainedModel Create(HfConfig config, string architecture) => architecture switch
    {
        "BertForSequenceClassification" => new BertForSequenceClassification(config),
        _ => throw new InvalidInputException($"{config.Source}: BERT architecture '{architecture}' is not supported; supported: {string.Join(", ", Architectures)}"),
    };
}
