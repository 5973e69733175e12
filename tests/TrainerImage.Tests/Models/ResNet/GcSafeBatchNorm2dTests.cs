using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.ResNet;
using KubeTune.Trainer.Tests.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Tests.Models.ResNet;

// Runs alone: it seeds torch's global RNG, and its forced GCs would expose the same TorchSharp race in tests beside it.
[Collection(TorchRandomCollection.Name)]
public sealed class GcSafeBatchNorm2dTests
{
    private const int Steps = 40;

    [Fact]
    public void Forward_TrainingStepsWhileAnotherThreadCollectsGarbage_CountsEveryBatchWithoutNativeErrors()
    {
        // In the trainer the batch prefetcher allocates while the main thread is inside libtorch; a GC then can
        // finalize a temporary Scalar that a native call still reads. A thread forcing GCs makes that race likely.
        torch.manual_seed(7);
        using var model = TinyResNet();
        model.train();
        using var pixels = torch.randn(32, 3, 16, 16);
        using var labels = torch.randint(0, 3, [32], dtype: torch.ScalarType.Int64);
        var losses = new List<float>();

        RunWhileCollectingGarbage(() =>
        {
            for (var step = 0; step < Steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var loss = model.forward(new ModelBatch(PixelValues: pixels, Labels: labels)).Loss!;
                loss.backward();
                losses.Add(loss.item<float>());
            }
        });

        Assert.All(losses, loss => Assert.True(float.IsFinite(loss)));
        var counters = model.named_buffers().Where(pair => pair.name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(counters);
        Assert.All(counters, pair => Assert.Equal(Steps, pair.buffer.item<long>()));
    }

    [Fact]
    public void Forward_ManyTrainingBatchesWhileAnotherThreadCollectsGarbage_CountsEveryBatch()
    {
        // TorchSharp's own BatchNorm2d fails this within tens of thousands of batches (a native error or a wrong count).
        const int batches = 150_000;
        using var norm = new GcSafeBatchNorm2d(1);
        using var input = torch.randn(2, 1, 1, 1);

        RunWhileCollectingGarbage(() =>
        {
            for (var i = 0; i < batches; i++)
            {
                using var scope = torch.NewDisposeScope();
                norm.forward(input);
            }
        });

        Assert.Equal(batches, norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void Forward_TrainThenEval_MatchesTorchSharpBatchNorm2dOutputsAndRunningStats()
    {
        torch.manual_seed(3);
        using var safe = new GcSafeBatchNorm2d(4);
        using var stock = torch.nn.BatchNorm2d(4);
        using var noGrad = torch.no_grad();
        safe.weight.uniform_(0.5, 1.5);
        safe.bias!.uniform_(-0.5, 0.5);
        stock.weight.copy_(safe.weight);
        stock.bias!.copy_(safe.bias);
        using var scope = torch.NewDisposeScope();

        foreach (var batch in new[] { torch.randn(8, 4, 5, 5), torch.randn(8, 4, 5, 5) * 3 + 1 })
        {
            Assert.True(safe.forward(batch).allclose(stock.forward(batch), rtol: 1e-5, atol: 1e-6));
        }
        safe.eval();
        stock.eval();
        var probe = torch.randn(2, 4, 5, 5);

        Assert.True(safe.forward(probe).allclose(stock.forward(probe), rtol: 1e-5, atol: 1e-6));
        Assert.True(safe.running_mean!.allclose(stock.running_mean!));
        Assert.True(safe.running_var!.allclose(stock.running_var!));
        Assert.Equal(2L, safe.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void Forward_InputThatIsNotFourDimensional_ThrowsNamingTheRank()
    {
        using var norm = new GcSafeBatchNorm2d(4);
        using var flat = torch.randn(8, 4);

        var error = Assert.Throws<ArgumentException>(() => norm.forward(flat));

        Assert.Contains("4D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ResNetConfig_UsesGcSafeBatchNormUnderHuggingFaceNames()
    {
        using var model = TinyResNet();

        var norms = model.named_modules().Where(pair => pair.module is GcSafeBatchNorm2d).Select(pair => pair.name).ToList();

        Assert.DoesNotContain(model.modules(), module => module is BatchNorm2d);
        Assert.Contains("resnet.embedder.embedder.normalization", norms);
        Assert.Contains("resnet.encoder.stages.1.layers.0.shortcut.normalization", norms);
        Assert.Contains("resnet.embedder.embedder.normalization.running_var", model.state_dict().Keys);
    }

    private static PretrainedModel TinyResNet() => ModelRegistry.Default.Create(new HfConfig(
        new JsonObject
        {
            ["model_type"] = "resnet",
            ["layer_type"] = "basic",
            ["embedding_size"] = 4,
            ["hidden_sizes"] = new JsonArray(4, 8),
            ["depths"] = new JsonArray(1, 1),
            ["num_labels"] = 3,
        },
        "tiny-resnet/config.json"));

    private static void RunWhileCollectingGarbage(Action work)
    {
        var done = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        })
        { IsBackground = true };
        collector.Start();
        try
        {
            work();
        }
        finally
        {
            Volatile.Write(ref done, 1);
            collector.Join();
        }
    }
}
