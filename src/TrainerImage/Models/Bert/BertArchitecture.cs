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

    public double ParameterCount(HfConfig config, string architecture)
    {
        var c = BertConfig.From(config);
        double h = c.HiddenSize, inner = c.IntermediateSize;
        var layer = (4 * h * h) + (4 * h) + (2 * h * inner) + inner + h + (4 * h);
        var embeddings = ((double)c.VocabSize + c.MaxPositionEmbeddings + c.TypeVocabSize + 2) * h;
        return embeddings + (c.NumHiddenLayers * layer) + (h * h) + h + (h * c.NumLabels) + c.NumLabels;
    }
}
