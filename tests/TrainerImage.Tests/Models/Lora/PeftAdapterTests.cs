using System.Text.Json.Nodes;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tests.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Models.Safetensors;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Lora;

public sealed class PeftAdapterTests : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("kt-lora-").FullName;

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void LoraFineTune_ThreeAdamWStepsFromLoraInit_MatchPeft(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        using var model = fixture.LoadModel();
        var adapters = LoraInjector.Inject(model, Settings(fixture));
        PeftAdapter.LoadWeights(adapters, fixture.ReadTensors("lora_init.safetensors"), "lora_init.safetensors");

        var (losses, norms) = ReferenceAdamW.Run(model, ModelBatch.FromTensors(fixture.ReadTensors("reference.safetensors")));

        var expectedLosses = fixture.Doubles("lora", "losses");
        var expectedNorms = fixture.Doubles("lora", "grad_norms_before_clip");
        for (var step = 0; step < 3; step++)
        {
            TensorComparison.AssertClose(expectedLosses[step], losses[step], 1e-3, 0, $"loss at step {step + 1}");
            TensorComparison.AssertClose(expectedNorms[step], norms[step], 1e-3, 0, $"grad norm at step {step + 1}");
        }

        Assert.Equal(fixture.Json.GetProperty("lora").GetProperty("trainable_params").GetInt64(), model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        var actual = PeftAdapter.AdapterTensors(adapters);
        foreach (var (name, expected) in fixture.ReadTensors("lora_after_3_steps.safetensors"))
        {
            TensorComparison.AssertClose(expected, actual[name.Replace(".default.", ".", StringComparison.Ordinal)], 1e-3, 0, name);
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Save_LoadedPeftAdapter_WritesPeftFileNamesTensorNamesAndConfig(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        var reference = Path.Combine(fixture.Directory, "lora_adapter");
        using var model = fixture.LoadModel();
        var adapters = PeftAdapter.Load(reference, model);
        var settings = PeftAdapter.ReadSettings(reference);

        PeftAdapter.Save(workDirectory, model, adapters, settings, new BaseModelReference(architecture, null, IsHubId: true));

        Assert.Equal(
            Directory.GetFiles(reference).Select(Path.GetFileName).Order(),
            Directory.GetFiles(workDirectory).Select(Path.GetFileName).Order());
        var expectedTensors = SafetensorsFile.Read(Path.Combine(reference, PeftAdapter.WeightsFileName));
        var savedTensors = SafetensorsFile.Read(Path.Combine(workDirectory, PeftAdapter.WeightsFileName));
        Assert.Equal(expectedTensors.Keys.Order(), savedTensors.Keys.Order());
        foreach (var (name, expected) in expectedTensors)
        {
            TensorComparison.AssertClose(expected, savedTensors[name], 0, 0, name);
        }

        var expectedConfig = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(reference, PeftAdapter.ConfigFileName)))!;
        var savedConfig = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(workDirectory, PeftAdapter.ConfigFileName)))!;
        foreach (var field in new[] { "peft_type", "r", "lora_alpha", "lora_dropout", "fan_in_fan_out", "bias", "base_model_name_or_path", "auto_mapping", "task_type", "use_dora", "use_rslora", "inference_mode", "modules_to_save" })
        {
            Assert.True(JsonNode.DeepEquals(expectedConfig[field], savedConfig[field]), $"{field}: {savedConfig[field]?.ToJsonString()}, expected {expectedConfig[field]?.ToJsonString()}");
        }

        Assert.Equal(
            expectedConfig["target_modules"]!.AsArray().Select(n => n!.GetValue<string>()).Order(),
            savedConfig["target_modules"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
    }

    [Fact]
    public void MergeAndUnload_TrainedAdapter_SavedModelGivesTheAdaptedLogits()
    {
        var fixture = HfReferenceFixture.Open("llama");
        using var model = fixture.LoadModel();
        var adapters = PeftAdapter.Load(Path.Combine(fixture.Directory, "lora_adapter"), model);
        var batch = ModelBatch.FromTensors(fixture.ReadTensors("reference.safetensors"));
        model.eval();
        using var noGrad = torch.no_grad();
        var adapted = model.forward(batch).Logits;

        LoraMerger.MergeAndUnload(model, adapters);
        PretrainedModelSaver.Save(model, workDirectory, fixture.Directory);
        using var merged = PretrainedModelLoader.Load(workDirectory);
        merged.eval();

        Assert.Equal(SafetensorsFile.ReadNames(Path.Combine(fixture.Directory, "model.safetensors")).Order(), SafetensorsFile.ReadNames(Path.Combine(workDirectory, "model.safetensors")).Order());
        Assert.True(File.Exists(Path.Combine(workDirectory, "tokenizer.json")));
        TensorComparison.AssertClose(adapted, merged.forward(batch).Logits, 1e-4, 1e-4, "logits");
        Assert.False(torch.allclose(adapted, fixture.ReadTensors("reference.safetensors")["logits"], 1e-6, 1e-6), "the trained adapter changes the logits");
    }

    [Fact]
    public void Write_ClassifierTrainedWithLoraAsPeftAdapter_LoadRestoresTheHeadAndGivesTheSameLogits()
    {
        var fixture = HfReferenceFixture.Open("bert");
        var batch = ModelBatch.FromTensors(fixture.ReadTensors("reference.safetensors"));
        var settings = new LoraSettings(4, 8, 0.0, ["query", "value"]);
        using var model = fixture.LoadModel();
        var adapters = TrainingMethods.Apply(model, FineTuneMethod.Lora, settings, classification: true);
        ReferenceAdamW.Run(model, batch);
        using var noGrad = torch.no_grad();
        var trained = model.forward(batch).Logits;

        var job = TestConfigs.Resolve(FineTuneTask.TextClassification, "pvc://models/bert-tiny", "file:///data.jsonl", "file:///out", spec =>
        {
            spec.Method = new MethodSpec { Type = FineTuneMethod.Lora, Lora = new LoraSpec { R = 4, Alpha = 8 } };
            spec.Output.Format = OutputFormat.PeftAdapter;
        });
        TrainingOutputs.Write(model, adapters, settings, job, FinishedAt(1), workDirectory, "file:///out", fixture.Directory);
        using var reloaded = fixture.LoadModel();
        PeftAdapter.Load(workDirectory, reloaded);
        reloaded.eval();

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(workDirectory, PeftAdapter.ConfigFileName)))!;
        Assert.Equal("SEQ_CLS", config["task_type"]!.GetValue<string>());
        Assert.Equal(["classifier"], config["modules_to_save"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Contains("base_model.model.classifier.weight", SafetensorsFile.ReadNames(Path.Combine(workDirectory, PeftAdapter.WeightsFileName)));
        Assert.Contains("base_model.model.classifier.bias", SafetensorsFile.ReadNames(Path.Combine(workDirectory, PeftAdapter.WeightsFileName)));
        TensorComparison.AssertClose(trained, reloaded.forward(batch).Logits, 1e-6, 0, "logits after save and load");
        using var adapterOnly = fixture.LoadModel();
        PeftAdapter.LoadWeights(LoraInjector.Inject(adapterOnly, settings), PeftAdapter.AdapterTensors(adapters), "trained adapter");
        adapterOnly.eval();
        Assert.False(torch.allclose(trained, adapterOnly.forward(batch).Logits, 1e-4, 1e-4), "the trained head must change the logits");
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    private static TrainingResult FinishedAt(int step) => new(TrainingOutcome.Completed, step, step, 0.5, null, null, new StepTimings());

    private static LoraSettings Settings(HfReferenceFixture fixture)
    {
        var lora = fixture.Json.GetProperty("lora");
        return new LoraSettings(
            lora.GetProperty("r").GetInt32(),
            lora.GetProperty("alpha").GetDouble(),
            0.0,
            lora.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList());
    }
}
