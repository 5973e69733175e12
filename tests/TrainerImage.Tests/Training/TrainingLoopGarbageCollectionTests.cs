using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data;
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
    [InlineData(FineTuneMethod.Full, Precision.Fp32)]
    [InlineData(FineTuneMethod.Full, Precision.Bf16)]
    [InlineData(FineTuneMethod.Lora, Precision.Fp32)]
    public void Run_WhileAnotherThreadCollectsGarbage_EndsWithTheSameWeightsAsAnUndisturbedRun(string method, string precision)
    {
        // In production the other thread is the progress poster or the runtime; a freed Scalar read by libtorch shows
        // as a native error or a silently different weight, so the disturbed run must equal the quiet one exactly.
        var data = TrainingLoopTests.RandomTokens(count: 32, length: 12);
        var settings = new TrainingSettings(
            FineTuneTask.CausalLm, LearningRate: 3e-3, BatchSize: 4, GradientAccumulationSteps: 2, Epochs: 10, WarmupRatio: 0.1,
            WeightDecay: 0.01, MaxGradNorm: 0.5, Precision: precision, Seed: 13);

        AssertDisturbedRunEqualsQuietRun(() => Build("gpt2", method, ["c_attn", "c_fc"], classification: false), settings, data, data, classes: null, expectedSteps: 40);
    }

    [Fact]
    public void Run_BertClassificationWithEvaluationWhileAnotherThreadCollectsGarbage_EndsWithTheSameWeightsAndMetrics()
    {
        // Evaluation runs every 4 steps, so the eval forward, loss weighting and metrics also run under forced GCs.
        var (train, validation) = TrainingLoopTests.KeywordDatasets();
        var settings = new TrainingSettings(
            FineTuneTask.TextClassification, LearningRate: 2e-3, BatchSize: 8, Epochs: 3, WarmupRatio: 0.1, WeightDecay: 0.01,
            MaxGradNorm: 0.5, Seed: 3, EvalSteps: 4);

        AssertDisturbedRunEqualsQuietRun(() => Build("bert", FineTuneMethod.Full, [], classification: true, ["other", "terrible"]), settings, train, validation, classes: 2, expectedSteps: 24);
    }

    [Fact]
    public void Run_ResNetClassificationWhileAnotherThreadCollectsGarbage_EndsWithTheSameWeightsAndMetrics()
    {
        // The hf-reference ResNet: batch norm statistics, residual adds and the classification loss under forced GCs.
        var train = new InMemoryImageSource(count: 32, channels: 3, side: 16, classes: 4, seed: 5);
        var validation = new InMemoryImageSource(count: 16, channels: 3, side: 16, classes: 4, seed: 6);
        var settings = new TrainingSettings(
            FineTuneTask.ImageClassification, LearningRate: 1e-3, BatchSize: 8, Epochs: 5, WarmupRatio: 0.1, WeightDecay: 0.01,
            MaxGradNorm: 0.5, Seed: 11, EvalSteps: 5);

        AssertDisturbedRunEqualsQuietRun(() => Build("resnet", FineTuneMethod.Full, [], classification: true), settings, train, validation, classes: 4, expectedSteps: 20);
    }

    private static void AssertDisturbedRunEqualsQuietRun(
        Func<PretrainedModel> build, TrainingSettings settings, IBatchSource train, IBatchSource? validation, int? classes, int expectedSteps)
    {
        using var quiet = build();
        var quietResult = TrainingLoopTests.Loop(quiet, settings, train, classes is null ? null : validation, classes, null, TextWriter.Null).Run();
        using var disturbed = build();
        int collections;
        TrainingResult disturbedResult;
        using (var collector = new GarbageCollectingThread())
        {
            disturbedResult = TrainingLoopTests.Loop(disturbed, settings, train, classes is null ? null : validation, classes, null, TextWriter.Null).Run();
            collections = collector.Collections;
        }

        Assert.Equal(TrainingOutcome.Completed, disturbedResult.Outcome);
        Assert.Equal(expectedSteps, disturbedResult.Step);
        Assert.True(collections >= expectedSteps, $"only {collections} forced collections in {expectedSteps} steps");
        Assert.Equal(quietResult.LastLoss, disturbedResult.LastLoss);
        if (classes is not null)
        {
            var quietEvaluation = quietResult.FinalEvaluation!;
            var disturbedEvaluation = disturbedResult.FinalEvaluation!;
            Assert.Equal(quietEvaluation.Loss, disturbedEvaluation.Loss);
            Assert.Equal(quietEvaluation.Classification!.ConfusionMatrix, disturbedEvaluation.Classification!.ConfusionMatrix);
        }

        var expected = quiet.state_dict();
        foreach (var (name, tensor) in disturbed.state_dict())
        {
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"{name} differs by {(tensor - expected[name]).abs().max().to(torch.ScalarType.Float64).item<double>()}");
        }
    }

    private static PretrainedModel Build(string architecture, string method, IReadOnlyList<string> loraTargets, bool classification, IReadOnlyList<string>? labels = null)
    {
        torch.manual_seed(1);
        var model = TinyModels.Load(architecture, labels);
        TrainingMethods.Apply(model, method, loraTargets.Count == 0 ? null : new LoraSettings(4, 8, 0.1, loraTargets), classification);
        return model;
    }
}
