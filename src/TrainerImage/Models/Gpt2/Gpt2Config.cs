namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>The config.json fields GPT-2 reads.</summary>
public sealed record Gpt2Config(
    int VocabSize,
    int PositionCount,
    int HiddenSize,
    int LayerCount,
    int HeadCount,
    int InnerSize,
    double LayerNormEpsilon,
    string Activation,
    double EmbeddingDropout,
    double AttentionDropout,
    double ResidualDropout,
    bool ScaleAttentionWeights,
    bool ScaleAttentionByInverseLayerIndex,
    bool TieWordEmbeddings)
{
    public static Gpt2Config From(HfConfig config)
    {
        var hidden = config.RequireSize("n_embd", ModelBounds.MaxHiddenSize);
        var heads = config.RequireSize("n_head", ModelBounds.MaxHeads);
        if (hidden % heads != 0)
        {
            throw new InvalidInputException($"{config.Source}: n_embd {hidden} is not divisible by n_head {heads}");
        }

        var activation = config.GetString("activation_function") ?? "gelu_new";
        if (activation is not ("gelu_new" or "gelu" or "gelu_pytorch_tanh" or "relu" or "silu"))
        {
            throw new InvalidInputException($"{config.Source}: activation_function '{activation}' is not supported (gelu_new, gelu, gelu_pytorch_tanh, relu, silu)");
        }

        return new Gpt2Config(
            config.RequireSize("vocab_size", ModelBounds.MaxVocabulary),
            config.RequireSize("n_positions", ModelBounds.MaxPositions),
            hidden,
            config.RequireSize("n_layer", ModelBounds.MaxLayers),
            heads,
            config.Has("n_inner") && config.Json["n_inner"] is not null ? config.RequireSize("n_inner", ModelBounds.MaxIntermediateSize) : 4 * hidden,
            config.GetDouble("layer_norm_epsilon", 1e-5),
            activation,
            config.GetDouble("embd_pdrop", 0.1),
            config.GetDouble("attn_pdrop", 0.1),
            config.GetDouble("resid_pdrop", 0.1),
            config.GetBool("scale_attn_weights", true),
            config.GetBool("scale_attn_by_inverse_layer_idx", false),
            config.GetBool("tie_word_embeddings", true));
    }
}
