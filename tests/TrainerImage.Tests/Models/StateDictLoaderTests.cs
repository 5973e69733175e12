using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models;

public sealed class StateDictLoaderTests : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("kt-load-").FullName;

    [Fact]
    public void Load_CheckpointMissingAndExtraTensors_ErrorNamesBoth()
    {
        var fixture = HfReferenceFixture.Open("gpt2");
        var tensors = fixture.ReadTensors("model.safetensors");
        tensors.Remove("transformer.ln_f.bias");
        tensors["transformer.extra.weight"] = torch.zeros(2);
        WriteModel(fixture, tensors);

        var error = Assert.Throws<InvalidInputException>(() => PretrainedModelLoader.Load(workDirectory));

        Assert.Contains("missing [transformer.ln_f.bias]", error.Message);
        Assert.Contains("unexpected [transformer.extra.weight]", error.Message);
    }

    [Fact]
    public void Load_Bfloat16BaseModelCheckpointWithoutPrefix_LoadsIntoFloat32Model()
    {
        var fixture = HfReferenceFixture.Open("gpt2");
        // A bare GPT2Model checkpoint in bf16, as many hub repositories store it.
        var tensors = fixture.ReadTensors("model.safetensors")
            .ToDictionary(pair => pair.Key["transformer.".Length..], pair => pair.Value.to(torch.ScalarType.BFloat16));
        WriteModel(fixture, tensors);

        using var model = PretrainedModelLoader.Load(workDirectory);
        model.eval();
        using var noGrad = torch.no_grad();
        var logits = model.forward(ModelBatch.FromTensors(fixture.ReadTensors("reference.safetensors"))).Logits;

        Assert.Equal(torch.ScalarType.Float32, logits.dtype);
        TensorComparison.AssertClose(fixture.ReadTensors("reference.safetensors")["logits"], logits, 0.05, 0.02, "logits from bf16 weights");
    }

    [Fact]
    public void Save_LoadedModel_WritesHfLayoutWithoutTiedHead()
    {
        var fixture = HfReferenceFixture.Open("gpt2");
        using var model = fixture.LoadModel();

        PretrainedModelSaver.Save(model, workDirectory, fixture.Directory);

        Assert.Equal(
            SafetensorsFile.ReadNames(Path.Combine(fixture.Directory, "model.safetensors")).Order(),
            SafetensorsFile.ReadNames(Path.Combine(workDirectory, "model.safetensors")).Order());
        var config = HfConfig.Load(Path.Combine(workDirectory, "config.json"));
        Assert.Equal(["GPT2LMHeadModel"], config.Architectures);
        Assert.Equal(64, config.RequireInt("n_embd"));
        Assert.True(File.Exists(Path.Combine(workDirectory, "tokenizer.json")));
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    private void WriteModel(HfReferenceFixture fixture, Dictionary<string, torch.Tensor> tensors)
    {
        File.Copy(Path.Combine(fixture.Directory, "config.json"), Path.Combine(workDirectory, "config.json"));
        SafetensorsFile.Write(Path.Combine(workDirectory, "model.safetensors"), tensors);
    }
}
