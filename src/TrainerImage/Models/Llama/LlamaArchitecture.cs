namespace KubeTune.Trainer.Models.Llama;

/// <summary>Registers the Llama family: one implementation for Llama, Mistral and Qwen2.</summary>
public sealed class LlamaArchitecture : IModelArchitecture
{
    public IReadOnlyList<string> ModelTypes { get; } = ["llama", "mistral", "qwen2"];

    public IReadOnlyList<string> Architectures { get; } = ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM"];

    public PretrainedModel Create(HfConfig config, string architecture) => new LlamaForCausalLM(config, architecture);
}
