using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tests.Training;

namespace KubeTune.Trainer.Tests.Models;

public sealed class GenerationConfigFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kt-genconfig-").FullName;

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void From_FixtureConfig_IdsEqualTheGenerationConfigTransformersSaved(string architecture)
    {
        var fixture = TinyModels.Directory(architecture);
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture, GenerationConfigFile.FileName)))!.AsObject();

        var written = GenerationConfigFile.From(HfConfig.Load(Path.Combine(fixture, "config.json")), tokenizerEos: null, tokenizerPad: null);

        foreach (var name in new[] { "_from_model_config", "bos_token_id", "eos_token_id", "pad_token_id" })
        {
            Assert.True(JsonNode.DeepEquals(saved[name], written[name]), $"{name}: transformers saved {saved[name]?.ToJsonString()}, written {written[name]?.ToJsonString()}");
        }
    }

    [Fact]
    public void From_ConfigWithoutEosAndPad_TakesThemFromTheTokenizer()
    {
        var config = new HfConfig(new JsonObject { ["bos_token_id"] = 1, ["eos_token_id"] = null }, "config.json");

        var written = GenerationConfigFile.From(config, tokenizerEos: 7, tokenizerPad: 9);

        Assert.Equal((1, 7L, 9L), (written["bos_token_id"]!.GetValue<int>(), written["eos_token_id"]!.GetValue<long>(), written["pad_token_id"]!.GetValue<long>()));
    }

    [Fact]
    public void WriteIfMissing_FileCopiedFromTheBaseModel_LeftAsItIs()
    {
        var path = Path.Combine(directory, GenerationConfigFile.FileName);
        File.WriteAllText(path, "{\"eos_token_id\": 3, \"temperature\": 0.6}");

        var written = GenerationConfigFile.WriteIfMissing(directory, new HfConfig(new JsonObject { ["eos_token_id"] = 2 }, "config.json"), null, null);

        Assert.False(written);
        Assert.Equal("{\"eos_token_id\": 3, \"temperature\": 0.6}", File.ReadAllText(path));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
