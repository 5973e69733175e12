using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>BERT with dropout + a linear classifier over the pooled [CLS] (HF <c>BertForSequenceClassification</c>).</summary>
public sealed class BertForSequenceClassification : PretrainedModel
{
    private readonly BertModel bert;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly BertConfig settings;

    public BertForSequenceClassification(HfConfig config) : base(nameof(BertForSequenceClassification), config)
    {
        settings = BertConfig.From(config);
        bert = new BertModel(settings);
        dropout = nn.Dropout(settings.ClassifierDropout ?? settings.HiddenDropoutProb);
        classifier = nn.Linear(settings.HiddenSize, settings.NumLabels);
        ResetHead();
        RegisterComponents();
    }

    public override IReadOnlyList<string> TaskHeadPrefixes { get; } = ["classifier."];

    public override string? BaseModelPrefix => "bert";

    // Pre-training checkpoints carry the MLM/NSP heads ("cls.") and older transformers saved the position_ids buffer.
    public override bool IsIgnorableCheckpointKey(string name) =>
        name.StartsWith("cls.", StringComparison.Ordinal) || name.EndsWith("embeddings.position_ids", StringComparison.Ordinal);

    /// <summary>Logits [batch, num_labels]; with labels (int64 class ids) also the mean cross-entropy.</summary>
    public override ModelOutput forward(ModelBatch batch)
    {
        using var scope = NewDisposeScope();
        var (_, pooled) = bert.forward(batch.RequireInputIds(), batch.AttentionMask, batch.TokenTypeIds);
        var logits = classifier.forward(dropout.forward(pooled!));
        var loss = batch.Labels is null ? null : ClassificationLoss.CrossEntropy(logits, batch.Labels);
        return new ModelOutput(logits.MoveToOuterDisposeScope(), loss?.MoveToOuterDisposeScope());
    }

    /// <summary>Fresh head weights as transformers initialises them: normal(0, initializer_range), zero bias.</summary>
    private void ResetHead()
    {
        using var noGrad = no_grad();
        nn.init.normal_(classifier.weight, 0.0, settings.InitializerRange);
        nn.init.zeros_(classifier.bias);
    }
}
