namespace KubeTune.Trainer.Models.Llama;

/// <summary>The config.json fields the Llama family (Llama, Mistral, Qwen2) reads.</summary>
public sealed record LlamaConfig(
    int VocabSize,
    int HiddenSize,
    int IntermediateSize,
    int LayerCount,
    int HeadCount,
    int KeyValueHeadCount,
    int HeadDim,
    double RmsNormEpsilon,
    string Activation,
    bool QueryKeyValueBias,
    bool OutputBias,
    bool MlpBias,
    double AttentionDropout,
    bool TieWordEmbeddings,
    int? SlidingWindow,
    RopeSettings Rope)
{
    public static LlamaConfig From(HfConfig config)
    {
        var modelType = config.ModelType ?? "llama";
        var hidden = config.RequireSize("hidden_size", ModelBounds.MaxHiddenSize);
        var heads = config.RequireSize("num_attention_heads", ModelBounds.MaxHeads);
        var kvHeads = config.GetSize("num_key_value_heads", heads, ModelBounds.MaxHeads);
        if (heads % kvHeads != 0)
        {
            throw new InvalidInputException($"{config.Source}: num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}");
        }

        if (config.Json["head_dim"] is null && hidden % heads != 0)
        {
            throw new InvalidInputException($"{config.Source}: hidden_size {hidden} is not divisible by num_attention_heads {heads} (and head_dim is not set)");
        }

        var headDim = config.Json["head_dim"] is null ? hidden / heads : config.RequireSize("head_dim", ModelBounds.MaxHiddenSize);
        var activation = config.GetString("hidden_act") ?? "silu";
        if (activation is not ("silu" or "gelu" or "gelu_pytorch_tanh" or "relu"))
        {
            throw new InvalidInputException($"{config.Source}: hidden_act '{activation}' is not supported (silu, gelu, gelu_pytorch_tanh, relu)");
        }

        // Qwen2 always has q/k/v bias and no o_proj bias; Llama's attention_bias covers all four; Mistral has none.
        var attentionBias = config.GetBool("attention_bias", false);
        var qkvBias = modelType == "qwen2" || attentionBias;
        var outputBias = modelType != "qwen2" && attentionBias;
        var useWindow = modelType == "mistral" || config.GetBool("use_sliding_window", false);
        int? window = useWindow && config.Json["sliding_window"] is not null ? config.RequireSize("sliding_window", ModelBounds.MaxPositions) : null;

        return new LlamaConfig(
            config.RequireSize("vocab_size", ModelBounds.MaxVocabulary),
            hidden,
            config.RequireSize("intermediate_size", ModelBounds.MaxIntermediateSize),
            config.RequireSize("num_hidden_layers", ModelBounds.MaxLayers),
            heads,
            kvHeads,
            headDim,
            config.GetDouble("rms_norm_eps", 1e-6),
            activation,
            qkvBias,
            outputBias,
            config.GetBool("mlp_bias", false),
            config.GetDouble("attention_dropout", 0.0),
            config.GetBool("tie_word_embeddings", false),
            window,
            RopeSettings.From(config, headDim));
    }
}
