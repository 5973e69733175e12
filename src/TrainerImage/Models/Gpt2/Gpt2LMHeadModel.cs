using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>Hugging Face GPT2LMHeadModel: the transformer and an LM head tied to the token embedding.</summary>
public sealed class Gpt2LMHeadModel : PretrainedModel
{
    public const string ArchitectureName = "GPT2LMHeadModel";

    [ComponentName(Name = "transformer")]
    private readonly Gpt2Model transformer;

    [ComponentName(Name = "lm_head")]
    private readonly Linear? untiedHead;

    public Gpt2LMHeadModel(HfConfig config)
        : base(ArchitectureName, config)
    {
        var settings = Gpt2Config.From(config);
        var initStd = config.GetDouble("initializer_range", 0.02);
        transformer = new Gpt2Model(settings, initStd);
        if (!settings.TieWordEmbeddings)
        {
            untiedHead = torch.nn.Linear(settings.HiddenSize, settings.VocabSize, hasBias: false);
        }

        TiedParameters = settings.TieWordEmbeddings
            ? new Dictionary<string, string> { ["lm_head.weight"] = "transformer.wte.weight" }
            : new Dictionary<string, string>();
        RegisterComponents();
    }

    public override string Architecture => ArchitectureName;

    public override int DecoderLayerCount => transformer.LayerCount;

    public override string? BaseModelPrefix => "transformer";

    public override IReadOnlyDictionary<string, string> TiedParameters { get; }

    // Older checkpoints carry the causal-mask buffers "attn.bias" and "attn.masked_bias"; the mask is rebuilt here.
    public override bool IsIgnorableCheckpointKey(string name) =>
        name.EndsWith(".attn.bias", StringComparison.Ordinal) || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal);

    public override ModelOutput forward(ModelBatch batch)
    {
        var hidden = transformer.Forward(batch.RequireInputIds(), batch.AttentionMask, batch.Cache);
        var logits = untiedHead is null
            ? torch.nn.functional.linear(hidden, transformer.TokenEmbeddingWeight)
            : untiedHead.forward(hidden);
        var loss = batch.Labels is null ? null : CausalLmLoss.Compute(logits, batch.Labels);
        return new ModelOutput(logits, loss);
    }
}
