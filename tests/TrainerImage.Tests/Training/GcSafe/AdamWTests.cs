using KubeTune.Trainer.Training.GcSafe;
using TorchSharp;
using TorchSharp.Modules;
using AdamW = KubeTune.Trainer.Training.GcSafe.AdamW;

namespace KubeTune.Trainer.Tests.Training.GcSafe;

[Collection(TorchRandomCollection.Name)]
public sealed class AdamWTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "kt-adamw-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Step_TwentyStepsWithDecayAndNoDecayGroups_EqualsTorchAdamW()
    {
        using var ours = new Problem(seed: 1);
        using var theirs = new Problem(seed: 1);
        using var gcSafe = new AdamW(ours.Groups(weightDecay: 0.1), 3e-3, 0.9, 0.98, 1e-6, 0.1);
        using var stock = torch.optim.AdamW(theirs.Groups(weightDecay: 0.1), 3e-3, 0.9, 0.98, 1e-6, 0.1);
        using var initial = ours.Decayed.detach().clone();

        for (var step = 0; step < 20; step++)
        {
            // A changing learning rate, as the schedule writes it before each step.
            var learningRate = 3e-3 * (1 - (step / 25.0));
            SetLearningRate(gcSafe, learningRate);
            SetLearningRate(stock, learningRate);
            ours.Backward(step);
            theirs.Backward(step);
            gcSafe.step();
            stock.step();
            gcSafe.zero_grad();
            stock.zero_grad();
        }

        // Bitwise: the same kernels with the same Scalar values in the same order.
        AssertSameParameters(theirs, ours, tolerance: 0);
        var moved = (ours.Decayed - initial).abs().max().item<float>();
        Assert.True(moved > 0.02f, $"the weights moved only {moved}");
    }

    [Fact]
    public void LoadStateDict_TorchAdamWCheckpoint_ContinuesExactlyAsTorchAdamW()
    {
        // Checkpoints written before the switch hold torch AdamW state: a resumed run must read and continue them.
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "optimizer.bin");
        using var writer = new Problem(seed: 2);
        using (var stock = torch.optim.AdamW(writer.Groups(weightDecay: 0.01), 1e-2, weight_decay: 0.01))
        {
            for (var step = 0; step < 5; step++)
            {
                writer.Backward(step);
                stock.step();
                stock.zero_grad();
            }

            stock.save_state_dict(path);
        }

        using var ours = writer.Clone();
        using var theirs = writer.Clone();
        using var gcSafe = new AdamW(ours.Groups(weightDecay: 0.01), 1e-2, weightDecay: 0.01);
        using var resumed = torch.optim.AdamW(theirs.Groups(weightDecay: 0.01), 1e-2, weight_decay: 0.01);
        gcSafe.load_state_dict(path);
        resumed.load_state_dict(path);
        for (var step = 5; step < 10; step++)
        {
            ours.Backward(step);
            theirs.Backward(step);
            gcSafe.step();
            resumed.step();
            gcSafe.zero_grad();
            resumed.zero_grad();
        }

        AssertSameParameters(theirs, ours, tolerance: 0);
    }

    [Fact]
    public void Step_WhileAnotherThreadCollectsGarbage_EqualsTheUndisturbedRun()
    {
        // torch.optim.AdamW fails this (libtorch reads a Scalar a GC on the other thread freed: "Expected false to be true").
        const int steps = 10_000;
        using var quiet = new Problem(seed: 3);
        using var disturbed = new Problem(seed: 3);
        using var quietOptimizer = new AdamW(quiet.Groups(weightDecay: 0.01), 1e-3, weightDecay: 0.01);
        using var disturbedOptimizer = new AdamW(disturbed.Groups(weightDecay: 0.01), 1e-3, weightDecay: 0.01);
        quiet.Backward(0);
        disturbed.Backward(0);

        for (var step = 0; step < steps; step++)
        {
            quietOptimizer.step();
        }

        int collections;
        using (var collector = new GarbageCollectingThread())
        {
            for (var step = 0; step < steps; step++)
            {
                disturbedOptimizer.step();
            }

            collections = collector.Collections;
        }

        Assert.True(collections > 10, $"only {collections} forced collections");
        AssertSameParameters(quiet, disturbed, tolerance: 0);
    }

    private static void SetLearningRate(OptimizerHelper optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }

    private static void AssertSameParameters(Problem expected, Problem actual, double tolerance)
    {
        foreach (var (name, want, got) in expected.Named().Zip(actual.Named(), (e, a) => (e.Name, e.Parameter, a.Parameter)))
        {
            var difference = (got - want).abs().max().item<float>();
            Assert.True(difference <= tolerance, $"{name} differs by {difference}");
        }
    }

    /// <summary>Random parameters in two groups (decayed weights, undecayed biases) and a fixed quadratic loss per step.</summary>
    private sealed class Problem : IDisposable
    {
        private readonly torch.Tensor target;

        public Problem(int seed)
        {
            var generator = new torch.Generator((ulong)seed);
            Decayed = new Parameter(torch.randn([7, 5], generator: generator));
            Undecayed = new Parameter(torch.randn([5], generator: generator));
            target = torch.randn([7, 5], generator: generator);
        }

        private Problem(Problem source)
        {
            Decayed = new Parameter(source.Decayed.detach().clone());
            Undecayed = new Parameter(source.Undecayed.detach().clone());
            target = source.target.clone();
        }

        public Parameter Decayed { get; }

        public Parameter Undecayed { get; }

        public Problem Clone() => new(this);

        public IEnumerable<TorchSharp.Modules.AdamW.ParamGroup> Groups(double weightDecay) =>
        [
            new TorchSharp.Modules.AdamW.ParamGroup([Decayed], new TorchSharp.Modules.AdamW.Options { weight_decay = weightDecay }),
            new TorchSharp.Modules.AdamW.ParamGroup([Undecayed], new TorchSharp.Modules.AdamW.Options { weight_decay = 0.0 }),
        ];

        public IEnumerable<(string Name, Parameter Parameter)> Named() => [("decayed", Decayed), ("undecayed", Undecayed)];

        /// <summary>Gradients of a loss that changes with the step, so moments and bias corrections all matter.</summary>
        public void Backward(int step)
        {
            using var scope = torch.NewDisposeScope();
            var shifted = Decayed + Undecayed - target * Math.Cos(step);
            (shifted * shifted).sum().backward();
        }

        public void Dispose()
        {
            Decayed.Dispose();
            Undecayed.Dispose();
            target.Dispose();
        }
    }
}
