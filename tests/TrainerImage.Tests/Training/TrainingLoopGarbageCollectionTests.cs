using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Training;

// Runs alone: it seeds torch's global RNG, and its forced GCs would expose TorchSharp's Scalar race in tests beside it.
[Collection(TorchRandomCollection.Name)]
public sealed class TrainingLoopGarbageCollectionTests
{
    [Theory]
    [InlineData(MethodSection.Full, MixedPrecision.Fp32)]
    [InlineData(MethodSection.Full, MixedPrecision.Bf16)]
    [InlineData(MethodSection.LoraType, MixedPrecision.Fp32)]
    public void Run_WhileAnotherThreadCollectsGarbage_EndsWithTheSameWeightsAsAnUndisturbedRun(string method, string precision)
    {
        // In production the other thread is the progress poster or the runtime; a freed Scalar read by libtorch shows
        // as a native error or a silently different weight, so the disturbed run must equal the quiet one exactly.
        var data = TrainingLoopTests.RandomTokens(count: 32, length: 12);
        var settings = new TrainingSettings(
            TrainerTask.CausalLm, LearningRate: 3e-3, BatchSize: 4, GradientAccumulationSteps: 2, Epochs: 10, WarmupRatio: 0.1,
            WeightDecay: 0.01, MaxGradNorm: 0.5, Precision: precision, Seed: 13);

        using var quiet = Build(method);
        var quietResult = TrainingLoopTests.Loop(quiet, settings, data, null, null, null, TextWriter.Null).Run();
        using var disturbed = Build(method);
        int collections;
        TrainingResult disturbedResult;
        using (var collector = new GarbageCollectingThread())
        {
            disturbedResult = TrainingLoopTests.Loop(disturbed, settings, data, null, null, null, TextWriter.Null).Run();
            collections = collector.Collections;
        }

        Assert.Equal(TrainingOutcome.Completed, disturbedResult.Outcome);
        Assert.Equal(40, disturbedResult.Step);
        Assert.True(collections >= 40, $"only {collections} forced collections in 40 steps");
        Assert.Equal(quietResult.LastLoss, disturbedResult.LastLoss);
        var expected = quiet.state_dict();
        foreach (var (name, tensor) in disturbed.state_dict())
        {
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"{name} differs by {(tensor - expected[name]).abs().max().item<float>()}");
        }
    }

    private static PretrainedModel Build(string method)
    {
        torch.manual_seed(1);
        var model = TinyModels.Load("gpt2");
        TrainingMethods.Apply(model, method, new LoraSettings(4, 8, 0.1, ["c_attn", "c_fc"]), classification: false);
        return model;
    }
}
