using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>
/// A Hugging Face architecture in TorchSharp. Its state_dict names equal the checkpoint's parameter names,
/// so loading and saving map tensors one to one.
/// </summary>
public abstract class PretrainedModel : torch.nn.Module<ModelBatch, ModelOutput>
{
    protected PretrainedModel(string name, HfConfig config)
        : base(name)
    {
        Config = config;
    }

    /// <summary>The config.json this model was built from; saving writes it back.</summary>
    public HfConfig Config { get; }

    /// <summary>The Hugging Face class name this module reproduces (written to config.json "architectures").</summary>
    public virtual string Architecture => GetType().Name;

    /// <summary>
    /// The prefix of the base model's parameters (e.g. "transformer" for GPT-2): a checkpoint saved from the
    /// base model alone has names without it, and loading adds it.
    /// </summary>
    public virtual string? BaseModelPrefix => null;

    /// <summary>
    /// Parameters Hugging Face leaves out of the checkpoint because they share storage with another one
    /// (alias to source, e.g. lm_head.weight to transformer.wte.weight).
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> TiedParameters { get; } = new Dictionary<string, string>();

    /// <summary>
    /// Name prefixes of the task head (e.g. "classifier."): its tensors may be missing from the checkpoint or
    /// have another label count, and are then kept freshly initialised with a warning.
    /// </summary>
    public virtual IReadOnlyList<string> TaskHeadPrefixes { get; } = [];

    /// <summary>The decoder layers a <see cref="CausalLm.KeyValueCache"/> needs room for; 0 for models that are not decoders.</summary>
    public virtual int DecoderLayerCount => 0;

    /// <summary>Checkpoint tensors older transformers versions saved that this model recomputes (e.g. causal mask buffers).</summary>
    public virtual bool IsIgnorableCheckpointKey(string name) => false;
}
