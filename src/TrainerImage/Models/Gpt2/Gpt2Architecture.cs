namespace KubeTune.Trainer.Models.Gpt2;

/// <summary>Registers GPT-2 (model_type "gpt2").</summary>
public sealed class Gpt2Architecture : IModelArchitecture
{
    public IReadOnlyList<string> ModelTypes { get; } = ["gpt2"];

    public IReadOnlyList<string> Architectures { get; } = [Gpt2LMHeadModel.ArchitectureName];

    public PretrainedModel Create(HfConfig config, string architecture) => new Gpt2LMHeadModel(config);

    public double ParameterCount(HfConfig config, string architecture)
    {
        var c = Gpt2Config.From(config);
        double h = c.HiddenSize, inner = c.InnerSize;
        var block = (h * 3 * h) + (3 * h) + (h * h) + h + (2 * h * inner) + inner + h + (4 * h);
        var head = c.TieWordEmbeddings ? 0 : (double)c.VocabSize * h;
        return ((c.VocabSize + (double)c.PositionCount) * h) + (c.LayerCount * block) + (2 * h) + head;
    }
}
