using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Llama;

public sealed class LlamaForCausalLMTests : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("kt-llama-").FullName;

    [Fact]
    public void Create_Qwen2TiedConfig_HasQkvBiasNoOutputBiasAndNoStoredHead()
    {
        var config = TinyConfig("qwen2", tied: true);

        using var model = ModelRegistry.Default.Create(config);
        var names = model.state_dict().Keys.ToList();

        Assert.Equal("Qwen2ForCausalLM", model.Architecture);
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", names);
        Assert.Contains("model.layers.0.self_attn.v_proj.bias", names);
        Assert.DoesNotContain("model.layers.0.self_attn.o_proj.bias", names);
        Assert.DoesNotContain("lm_head.weight", names);
    }

    [Fact]
    public void SaveThenLoad_MistralWithSlidingWindow_SameLogits()
    {
        var config = TinyConfig("mistral", tied: false);
        config.Json["sliding_window"] = 3;
        config.Json["rope_theta"] = 500.0;
        using var model = ModelRegistry.Default.Create(config);
        model.eval();
        var batch = new ModelBatch(InputIds: torch.tensor(new long[] { 1, 5, 9, 3, 7, 2 }).reshape(1, 6));
        using var noGrad = torch.no_grad();
        var before = model.forward(batch).Logits;

        PretrainedModelSaver.Save(model, workDirectory);
        using var loaded = PretrainedModelLoader.Load(workDirectory);
        loaded.eval();

        Assert.Contains("lm_head.weight", SafetensorsFile.ReadNames(Path.Combine(workDirectory, "model.safetensors")));
        TensorComparison.AssertClose(before, loaded.forward(batch).Logits, 1e-6, 0, "logits");
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    private static HfConfig TinyConfig(string modelType, bool tied) => new(
        new JsonObject
        {
            ["model_type"] = modelType,
            ["vocab_size"] = 16,
            ["hidden_size"] = 8,
            ["intermediate_size"] = 16,
            ["num_hidden_layers"] = 1,
            ["num_attention_heads"] = 2,
            ["num_key_value_heads"] = 1,
            ["tie_word_embeddings"] = tied,
        },
        "config.json");
}
