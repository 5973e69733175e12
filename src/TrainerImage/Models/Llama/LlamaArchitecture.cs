namespace KubeTune.Trainer.Models.Llama;

/// <summary>Registers the Llama family: one implementation for Llama, Mistral and Qwen2.</summary>
public sealed class LlamaArchitecture : IModelArchitecture
{
    public IReadOnlyList<string> ModelTypes { get; } = ["llama", "mistral", "qwen2"];

    public IReadOnlyList<string> Architectures { get; } = ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM"];

    public PretrainedModel Create(HfConfig config, string architecture) => new LlamaForCausalLM(config, architecture);

    public double ParameterCount(HfConfig config, string architecture)
    {
        var c = LlamaConfig.From(config);
        double h = c.HiddenSize, attention = (double)c.HeadCount * c.HeadDim, keyValue = (double)c.KeyValueHeadCount * c.HeadDim;
        var layer = (h * attention) + (2 * h * keyValue) + (attention * h) + (3 * h * c.IntermediateSize) + (2 * h);
        return ((double)c.VocabSize * h * (c.TieWordEmbeddings ? 1 : 2)) + (c.LayerCount * layer) + h;
    }
}
