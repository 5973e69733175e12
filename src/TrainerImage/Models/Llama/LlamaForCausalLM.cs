using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>LlamaForCausalLM, MistralForCausalLM and Qwen2ForCausalLM: the decoder and an LM head, tied when the config says so.</summary>
public sealed class LlamaForCausalLM : PretrainedModel
{
    [ComponentName(Name = "model")]
    private readonly LlamaModel decoder;

    [ComponentName(Name = "lm_head")]
    private readonly Linear? untiedHead;

    public LlamaForCausalLM(HfConfig config, string architecture)
        : base(architecture, config)
    {
        Architecture = architecture;
        var settings = LlamaConfig.From(config);
        decoder = new LlamaModel(settings, config.GetDouble("initializer_range", 0.02));
        if (!settings.TieWordEmbeddings)
        {
            untiedHead = torch.nn.Linear(settings.HiddenSize, settings.VocabSize, hasBias: false);
        }

        TiedParameters = settings.TieWordEmbeddings
            ? new Dictionary<string, string> { ["lm_head.weight"] = "model.embed_tokens.weight" }
            : new Dictionary<string, string>();
        RegisterComponents();
    }

    public override string Architecture { get; }

    public override string? BaseModelPrefix => "model";

    public override int DecoderLayerCount => decoder.LayerCount;

    public override IReadOnlyDictionary<string, string> TiedParameters { get; }

    // Older checkpoints saved the rotary inverse frequencies, which are recomputed from the config.
    public override bool IsIgnorableCheckpointKey(string name) => name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    public override ModelOutput forward(ModelBatch batch)
    {
        var hidden = decoder.Forward(batch.RequireInputIds(), batch.AttentionMask, batch.Cache);
        var logits = untiedHead is null
            ? torch.nn.functional.linear(hidden, decoder.TokenEmbeddingWeight)
            : untiedHead.forward(hidden);
        var loss = batch.Labels is null ? null : CausalLmLoss.Compute(logits, batch.Labels);
        return new ModelOutput(logits, loss);
    }
}
