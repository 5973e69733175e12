using System.Text.Json;
using KubeTune.Trainer.Checkpointing;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Models.Safetensors;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class Bf16MasterWeightsTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "kt-bf16-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Run_Bf16_LossCurveTracksTheFp32RunAndFalls()
    {
        var data = TrainingLoopTests.RandomTokens(count: 16, length: 16);
        var settings = new TrainingSettings(FineTuneTask.CausalLm, LearningRate: 3e-3, BatchSize: 4, Epochs: 3, WeightDecay: 0.01, Seed: 5, ReportInterval: TimeSpan.Zero);

        var fp32 = StepLosses(FineTuneMethod.Full, settings, data);
        var bf16 = StepLosses(FineTuneMethod.Full, settings with { Precision = Precision.Bf16 }, data);

        Assert.Equal(12, bf16.Count);
        Assert.Equal(fp32.Keys, bf16.Keys);
        foreach (var (step, loss) in fp32)
        {
            Assert.True(Math.Abs(bf16[step] - loss) <= 0.05 * loss, $"step {step}: bf16 loss {bf16[step]}, fp32 loss {loss}");
        }

        Assert.True(bf16[12] < bf16[1] - 0.5, $"bf16 loss went from {bf16[1]} to {bf16[12]}");
    }

    [Fact]
    public void Run_Bf16Lora_LeavesAnFp32ModelWithTheBaseFrozenAndTheAdapterTrained()
    {
        var data = TrainingLoopTests.RandomTokens(count: 8, length: 12);
        using var model = Build(FineTuneMethod.Lora);
        var before = model.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.clone());
        var settings = new TrainingSettings(FineTuneTask.CausalLm, LearningRate: 1e-2, BatchSize: 4, MaxSteps: 4, Precision: Precision.Bf16, Seed: 2);

        var result = TrainingLoopTests.Loop(model, settings, data, null, null, null, TextWriter.Null).Run();

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        foreach (var (name, tensor) in model.state_dict())
        {
            Assert.True(tensor.dtype == torch.ScalarType.Float32, $"{name} is {tensor.dtype} after a bf16 run");
            var rounded = before[name].to(torch.ScalarType.BFloat16).to(torch.ScalarType.Float32);
            if (name.Contains("lora_B", StringComparison.Ordinal))
            {
                Assert.True(tensor.abs().max().item<float>() > 0, $"{name} was not trained");
            }
            else if (!name.Contains("lora_", StringComparison.Ordinal))
            {
                // The frozen base computes in bf16: it holds the bf16 rounding of its weights, nothing more.
                Assert.True((tensor - rounded).abs().max().item<float>() == 0, $"frozen {name} changed beyond bf16 rounding");
            }
        }
    }

    [Fact]
    public void Run_Bf16KilledAndResumed_WritesFp32CheckpointsAndEndsWithTheUninterruptedWeights()
    {
        var data = TrainingLoopTests.RandomTokens(count: 16, length: 12);
        var settings = new TrainingSettings(FineTuneTask.CausalLm, LearningRate: 1e-3, BatchSize: 4, GradientAccumulationSteps: 2, Epochs: 2, WarmupRatio: 0.2, WeightDecay: 0.01, Precision: Precision.Bf16, Seed: 11, CheckpointEverySteps: 2);

        using var uninterrupted = Build(FineTuneMethod.Full);
        TrainingLoopTests.Loop(uninterrupted, settings, data, null, null, null, TextWriter.Null).Run();

        var store = new CheckpointStore(root, keep: 2);
        using (var killed = Build(FineTuneMethod.Full))
        {
            Assert.Equal(TrainingOutcome.Aborted, TrainingLoopTests.Loop(killed, settings with { AbortAfterSteps = 3 }, data, null, null, store, TextWriter.Null).Run().Outcome);
        }

        var saved = SafetensorsFile.Read(Path.Combine(store.FindLatest()!.Directory, TrainingCheckpoint.WeightsFileName));
        Assert.All(saved, pair => Assert.True(pair.Value.dtype == torch.ScalarType.Float32, $"checkpoint holds {pair.Key} as {pair.Value.dtype}"));

        using var restarted = Build(FineTuneMethod.Full, seed: 999);
        var resumed = TrainingLoopTests.Loop(restarted, settings, data, null, null, store, TextWriter.Null).Run();

        Assert.Equal(2, resumed.ResumedFromStep);
        Assert.Equal(4, resumed.Step);
        var expected = uninterrupted.state_dict();
        foreach (var (name, tensor) in restarted.state_dict())
        {
            var difference = (tensor - expected[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name} differs by {difference}");
        }
    }

    [Fact]
    public void Create_UnknownPrecision_NamesTheField()
    {
        using var model = Build(FineTuneMethod.Full);

        var error = Assert.Throws<InvalidInputException>(() => MixedPrecision.Create(model, "int8", TextWriter.Null));

        Assert.Contains("hyperparameters.precision 'int8'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Fp16_TrainsInFp32AndSaysSo()
    {
        using var model = Build(FineTuneMethod.Full);
        var notes = new StringWriter();

        using var weights = MixedPrecision.Create(model, Precision.Fp16, notes);

        Assert.Equal(Precision.Fp32, weights.ComputePrecision);
        Assert.Contains("fp16 trains in fp32", notes.ToString(), StringComparison.Ordinal);
    }

    private static SortedDictionary<int, double> StepLosses(string method, TrainingSettings settings, InMemoryBatchSource data)
    {
        using var model = Build(method);
        var output = new StringWriter();
        TrainingLoopTests.Loop(model, settings, data, null, null, null, output).Run();
        var losses = new SortedDictionary<int, double>();
        foreach (var line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var report = JsonDocument.Parse(line);
            if (report.RootElement.GetProperty("phase").GetString() == ReportPhase.Running)
            {
                losses[report.RootElement.GetProperty("step").GetInt32()] = report.RootElement.GetProperty("loss").GetDouble();
            }
        }

        return losses;
    }

    private static PretrainedModel Build(string method, int seed = 1)
    {
        torch.manual_seed(seed);
        var model = TinyModels.Load("gpt2");
        TrainingMethods.Apply(model, method, new LoraSettings(4, 8, 0.0, ["c_attn"]), classification: false);
        return model;
    }
}
