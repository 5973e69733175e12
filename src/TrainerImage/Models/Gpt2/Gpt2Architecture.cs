namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>Registers GPT-2 (model_type "gpt2").</summary>
public sealed class Gpt2Architecture : IModelArchitecture
{
    public IReadOnlyList<string> ModelTypes { get; } = ["gpt2"];

    public IReadOnlyList<string> Architectures { get; } = [Gpt2LMHeadModel.ArchitectureName];

    public PretrainedModel Create(HfConfig config, string architecture) => new Gpt2LMHeadModel(config);
}
