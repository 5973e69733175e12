using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Tests.Models;

public sealed class ModelRegistryTests
{
    [Theory]
    [InlineData("""{"model_type": "mistral"}""", "MistralForCausalLM")]
    [InlineData("""{"model_type": "qwen2"}""", "Qwen2ForCausalLM")]
    [InlineData("""{"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}""", "GPT2LMHeadModel")]
    [InlineData("""{"model_type": "llama", "architectures": ["LlamaForCausalLM"]}""", "LlamaForCausalLM")]
    public void Resolve_KnownConfig_PicksTheArchitecture(string json, string expected)
    {
        var config = new HfConfig((JsonObject)JsonNode.Parse(json)!, "config.json");

        var (family, architecture) = ModelRegistry.Default.Resolve(config);

        Assert.Equal(expected, architecture);
        Assert.Contains(expected, family.Architectures);
    }

    [Fact]
    public void Resolve_UnknownModelType_InputErrorListsSupportedTypes()
    {
        var config = new HfConfig((JsonObject)JsonNode.Parse("""{"model_type": "t5"}""")!, "/models/t5/config.json");

        var error = Assert.Throws<InvalidInputException>(() => ModelRegistry.Default.Resolve(config));

        Assert.Contains("/models/t5/config.json", error.Message);
        Assert.Contains("'t5'", error.Message);
        Assert.All(new[] { "gpt2", "llama", "mistral", "qwen2" }, type => Assert.Contains(type, error.Message));
    }
}
