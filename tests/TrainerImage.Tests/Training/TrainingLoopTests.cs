using KubeTune.Trainer.Checkpointing;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Tokenization;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public sealed class TrainingLoopTests : IDisposable
{
    private static readonly string[] Words = ["loss", "epoch", "batch", "model", "learning", "very", "really", "was", "rate", "accuracy"];
    private readonly string root = Path.Combine(Path.GetTempPath(), "kt-loop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Run_KeywordClassification_ReachesAccuracyWellAboveChance()
    {
        var (train, validation) = KeywordDatasets();
        torch.manual_seed(0);
        using var model = TinyModels.Load("bert", ["other", "terrible"]);
        TrainingMethods.Apply(model, FineTuneMethod.Full, null, classification: true);
        var output = new StringWriter();
        var settings = new TrainingSettings(FineTuneTask.TextClassification, LearningRate: 2e-3, BatchSize: 8, Epochs: 6, WarmupRatio: 0.1, WeightDecay: 0.01, Seed: 3);

        var result = Loop(model, settings, train, validation, 2, null, output).Run();

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.FinalEvaluation!.Classification!.Accuracy >= 0.85, $"accuracy {result.FinalEvaluation.Classification.Accuracy}");
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.Contains("\"phase\":\"Evaluated\"", StringComparison.Ordinal) && line.Contains("\"evalAccuracy\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(FineTuneMethod.Full)]
    [InlineData(FineTuneMethod.Lora)]
    public void Run_KilledAndResumedFromCheckpoint_EndsWithTheSameWeightsAsAnUninterruptedRun(string method)
    {
        var data = RandomTokens(count: 24, length: 12);
        var settings = new TrainingSettings(FineTuneTask.CausalLm, LearningRate: 1e-3, BatchSize: 4, GradientAccumulationSteps: 2, Epochs: 2, WarmupRatio: 0.2, Scheduler: "cosine", WeightDecay: 0.01, Seed: 11, CheckpointEverySteps: 2);

        using var uninterrupted = BuildCausalLm(method);
        var full = Loop(uninterrupted, settings, data, null, null, null, TextWriter.Null).Run();

        var store = new CheckpointStore(Path.Combine(root, method), keep: 2);
        using (var killed = BuildCausalLm(method))
        {
            var crashed = Loop(killed, settings with { AbortAfterSteps = 3 }, data, null, null, store, TextWriter.Null).Run();
            Assert.Equal(TrainingOutcome.Aborted, crashed.Outcome);
        }

        // The restarted process builds a fresh model (other random LoRA init) and continues from checkpoint-2.
        torch.manual_seed(999);
        using var restarted = BuildCausalLm(method, seed: 999);
        var resumed = Loop(restarted, settings, data, null, null, store, TextWriter.Null).Run();

        Assert.Equal(6, full.Step);
        Assert.Equal(2, resumed.ResumedFromStep);
        Assert.Equal(6, resumed.Step);
        var expected = uninterrupted.state_dict();
        foreach (var (name, tensor) in restarted.state_dict())
        {
            var difference = (tensor - expected[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name} differs by {difference}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_StoppedAtARungThenPromoted_ContinuesFromTheRungsCheckpointToTheUninterruptedWeights(int rungEnd)
    {
        // 3 steps an epoch: a rung ending at step 2 stops mid-epoch, at step 3 on the epoch's end. No periodic checkpoint.
        var data = RandomTokens(count: 24, length: 12);
        var settings = new TrainingSettings(FineTuneTask.CausalLm, LearningRate: 1e-3, BatchSize: 4, GradientAccumulationSteps: 2, Epochs: 2, WarmupRatio: 0.2, Scheduler: "cosine", Seed: 11, CheckpointEverySteps: 100);
        using var uninterrupted = BuildCausalLm(FineTuneMethod.Full);
        var full = Loop(uninterrupted, settings, data, null, null, null, TextWriter.Null).Run();
        var store = new CheckpointStore(Path.Combine(root, "rungs"), keep: 2);

        using (var rung = BuildCausalLm(FineTuneMethod.Full))
        {
            var stopped = Loop(rung, settings with { StopAtStep = rungEnd }, data, null, null, store, TextWriter.Null).Run();
            Assert.Equal((TrainingOutcome.Completed, rungEnd, 6, rungEnd), (stopped.Outcome, stopped.Step, stopped.TotalSteps, stopped.LastCheckpoint!.Step));
        }

        torch.manual_seed(999);
        using var promoted = BuildCausalLm(FineTuneMethod.Full, seed: 999);
        var continued = Loop(promoted, settings, data, null, null, store, TextWriter.Null).Run();

        Assert.Equal((rungEnd, 6), (continued.ResumedFromStep, continued.Step));
        Assert.Equal(6, full.Step);
        var expected = uninterrupted.state_dict();
        foreach (var (name, tensor) in promoted.state_dict())
        {
            var difference = (tensor - expected[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name} differs by {difference}");
        }
    }

    [Fact]
    public void Run_HugeLearningRate_StopsAsDivergedNamingTheStep()
    {
        var (train, _) = KeywordDatasets();
        using var model = TinyModels.Load("bert", ["other", "terrible"]);
        TrainingMethods.Apply(model, FineTuneMethod.Full, null, classification: true);
        var output = new StringWriter();

        var result = Loop(model, new TrainingSettings(FineTuneTask.TextClassification, LearningRate: 1e30, BatchSize: 8, Epochs: 3), train, null, 2, null, output).Run();

        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Contains($"at step {result.Step}", result.Message);
        Assert.Contains("\"phase\":\"Diverged\"", output.ToString());
    }

    [Fact]
    public void Run_SigtermRequested_FinishesTheStepWritesACheckpointAndResumesAtTheNextStep()
    {
        var data = RandomTokens(count: 16, length: 8);
        var settings = new TrainingSettings(FineTuneTask.CausalLm, LearningRate: 1e-3, BatchSize: 2, Epochs: 1, Seed: 5, CheckpointEverySteps: 100);
        var store = new CheckpointStore(root, keep: 1);
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        using (var model = BuildCausalLm(FineTuneMethod.Full))
        {
            var preempted = Loop(model, settings, data, null, null, store, TextWriter.Null).Run(stop.Token);
            Assert.Equal(TrainingOutcome.Preempted, preempted.Outcome);
            Assert.Equal(1, preempted.Step);
            Assert.Equal(1, preempted.LastCheckpoint!.Step);
        }

        using var restarted = BuildCausalLm(FineTuneMethod.Full);
        var resumed = Loop(restarted, settings, data, null, null, store, TextWriter.Null).Run();
        Assert.Equal(1, resumed.ResumedFromStep);
        Assert.Equal(8, resumed.Step);
    }

    [Fact]
    public void Run_HeadMethod_ChangesOnlyTheClassifier()
    {
        var (train, _) = KeywordDatasets();
        using var model = TinyModels.Load("bert", ["other", "terrible"]);
        TrainingMethods.Apply(model, FineTuneMethod.Head, null, classification: true);
        var before = model.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.clone());

        Loop(model, new TrainingSettings(FineTuneTask.TextClassification, LearningRate: 1e-2, BatchSize: 8, MaxSteps: 3), train, null, 2, null, TextWriter.Null).Run();

        foreach (var (name, tensor) in model.state_dict())
        {
            var changed = !tensor.allclose(before[name], rtol: 0, atol: 0);
            Assert.True(changed == name.StartsWith("classifier.", StringComparison.Ordinal), $"{name} changed: {changed}");
        }
    }

    internal static TrainingLoop Loop(PretrainedModel model, TrainingSettings settings, IBatchSource train, IBatchSource? validation, int? classes, CheckpointStore? store, TextWriter output) =>
        new(model, settings, train, validation, classes, store, new ProgressReporter(output, null, null), torch.CPU);

    private static PretrainedModel BuildCausalLm(string method, int seed = 1)
    {
        torch.manual_seed(seed);
        var model = TinyModels.Load("gpt2");
        TrainingMethods.Apply(model, method, new LoraSettings(4, 8, 0.1, ["c_attn"]), classification: false);
        return model;
    }

    internal static InMemoryBatchSource RandomTokens(int count, int length)
    {
        var random = new Random(17);
        return new InMemoryBatchSource(Enumerable.Range(0, count).Select(_ =>
        {
            var ids = Enumerable.Range(0, length).Select(_ => (long)random.Next(2, 300)).ToArray();
            return new TrainingExample(ids, Enumerable.Repeat(1L, length).ToArray(), TokenLabels: ids);
        }).ToList());
    }

    internal static (InMemoryBatchSource Train, InMemoryBatchSource Validation) KeywordDatasets()
    {
        using var tokenizer = HfTokenizer.Load(TinyModels.Directory("bert"));
        var random = new Random(5);
        TrainingExample Make(int i)
        {
            var words = Enumerable.Range(0, 5).Select(_ => Words[random.Next(Words.Length)]).ToList();
            var positive = i % 2 == 0;
            if (positive)
            {
                words[random.Next(words.Count)] = "terrible";
            }

            var (ids, mask) = TinyModels.Encode(tokenizer, "[CLS] " + string.Join(' ', words), 16);
            return new TrainingExample(ids, mask, positive ? 1 : 0);
        }

        return (new InMemoryBatchSource(Enumerable.Range(0, 64).Select(Make).ToList()), new InMemoryBatchSource(Enumerable.Range(0, 32).Select(Make).ToList()));
    }
}
