using KubeTune.Trainer.Training;

namespace KubeTune.Trainer.Tests.Training;

public sealed class AdamWFactoryTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    [InlineData("bert")]
    public void Group_TransformerModel_NoDecayOnBiasesAndNormWeights(string architecture)
    {
        using var model = TinyModels.Load(architecture);

        var (decay, noDecay) = AdamWFactory.Group(model);

        var noDecayNames = noDecay.Select(pair => pair.Name).ToList();
        Assert.All(noDecayNames, name => Assert.True(name.Contains("bias", StringComparison.Ordinal) || name.Contains("norm", StringComparison.OrdinalIgnoreCase) || name.Contains("ln_", StringComparison.Ordinal), name));
        Assert.All(decay.Select(pair => pair.Name), name => Assert.DoesNotContain("bias", name));
        Assert.Contains(noDecayNames, name => name.EndsWith("norm.weight", StringComparison.Ordinal) || name.Contains("ln_", StringComparison.Ordinal) || name.Contains("LayerNorm", StringComparison.Ordinal));
        Assert.Contains(decay, pair => pair.Name.EndsWith("weight", StringComparison.Ordinal) && pair.Parameter.dim() == 2);
        Assert.Equal(model.parameters().Count(), decay.Count + noDecay.Count);
    }

    [Fact]
    public void Create_TwoGroups_OnlyDecayGroupHasWeightDecay()
    {
        using var model = TinyModels.Load("gpt2");
        using var optimizer = AdamWFactory.Create(model, 1e-3, 0.01);

        var groups = optimizer.ParamGroups.Cast<TorchSharp.Modules.AdamW.ParamGroup>().ToList();

        Assert.Equal(2, groups.Count);
        Assert.Equal(0.01, groups[0].Options.weight_decay);
        Assert.Equal(0.0, groups[1].Options.weight_decay);
    }
}
