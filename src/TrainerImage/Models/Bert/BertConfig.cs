namespace KubeTune.Trainer.Models.Bert;

/// <summary>The fields of a Hugging Face BERT <c>config.json</c> that shape the network, with transformers' defaults.</summary>
public sealed record BertConfig(
    int VocabSize,
    int HiddenSize,
    int NumHiddenLayers,
    int NumAttentionHeads,
    int IntermediateSize,
    string HiddenAct,
    double HiddenDropoutProb,
    double AttentionProbsDropoutProb,
    int MaxPositionEmbeddings,
    int TypeVocabSize,
    double LayerNormEps,
    int? PadTokenId,
    double? ClassifierDropout,
    double InitializerRange,
    int NumLabels)
{
    public int HeadDim => HiddenSize / NumAttentionHeads;

    public static BertConfig From(HfConfig config)
    {
        var bert = new BertConfig(
            VocabSize: config.RequireSize("vocab_size", ModelBounds.MaxVocabulary),
            HiddenSize: config.RequireSize("hidden_size", ModelBounds.MaxHiddenSize),
            NumHiddenLayers: config.RequireSize("num_hidden_layers", ModelBounds.MaxLayers),
            NumAttentionHeads: config.RequireSize("num_attention_heads", ModelBounds.MaxHeads),
            IntermediateSize: config.RequireSize("intermediate_size", ModelBounds.MaxIntermediateSize),
            HiddenAct: config.GetString("hidden_act") ?? "gelu",
            HiddenDropoutProb: config.GetDouble("hidden_dropout_prob", 0.1),
            AttentionProbsDropoutProb: config.GetDouble("attention_probs_dropout_prob", 0.1),
            MaxPositionEmbeddings: config.GetSize("max_position_embeddings", 512, ModelBounds.MaxPositions),
            TypeVocabSize: config.GetSize("type_vocab_size", 2, ModelBounds.MaxVocabulary),
            LayerNormEps: config.GetDouble("layer_norm_eps", 1e-12),
            PadTokenId: config.Has("pad_token_id") ? config.RequireInt("pad_token_id") : null,
            ClassifierDropout: config.Has("classifier_dropout") ? config.RequireDouble("classifier_dropout") : null,
            InitializerRange: config.GetDouble("initializer_range", 0.02),
            NumLabels: config.Labels.Count);
        var positionType = config.GetString("position_embedding_type") ?? "absolute";
        if (positionType != "absolute")
        {
            throw new InvalidInputException($"{config.Source}: position_embedding_type '{positionType}' is not supported (only 'absolute')");
        }
        if (bert.HiddenSize % bert.NumAttentionHeads != 0)
        {
            throw new InvalidInputException(
                $"{config.Source}: hidden_size {bert.HiddenSize} is not a multiple of num_attention_heads {bert.NumAttentionHeads}");
        }
        if (bert.PadTokenId is { } pad && (pad < 0 || pad >= bert.VocabSize))
        {
            throw new InvalidInputException($"{config.Source}: field 'pad_token_id' is {pad}; it must be a token id below vocab_size {bert.VocabSize}");
        }
        if (bert.NumLabels < 1)
        {
            throw new InvalidInputException($"{config.Source}: a classifier needs at least one label (id2label / num_labels)");
        }
        HfActivation.Validate(bert.HiddenAct, config.Source);
        return bert;
    }
}
