using KubeTune.Trainer.Models.Lora;

namespace KubeTune.Trainer.Tests.Models.Lora;

public sealed class LoraInjectorTests
{
    [Fact]
    public void Inject_BertQueryAndValue_WrapsThemInEveryLayerWithPeftNames()
    {
        using var model = HfReferenceFixture.Open("bert").LoadModel();

        var adapters = LoraInjector.Inject(model, new LoraSettings(4, 8, 0.0, ["query", "value"]));

        Assert.Contains("bert.encoder.layer.0.attention.self.query", adapters.Keys);
        Assert.Contains("bert.encoder.layer.0.attention.self.value", adapters.Keys);
        Assert.All(adapters.Keys, name => Assert.Matches(@"\.(query|value)$", name));
        Assert.Contains(model.named_parameters(), pair => pair.name == "bert.encoder.layer.0.attention.self.query.lora_A.weight" && pair.parameter.requires_grad);
    }

    [Fact]
    public void Inject_TargetThatCannotTakeLora_InputErrorNamesTheLayer()
    {
        using var model = HfReferenceFixture.Open("bert").LoadModel();

        var error = Assert.Throws<InvalidInputException>(() => LoraInjector.Inject(model, new LoraSettings(4, 8, 0.0, ["classifier"])));

        Assert.Contains("'classifier' cannot take a LoRA layer", error.Message, StringComparison.Ordinal);
    }
}
