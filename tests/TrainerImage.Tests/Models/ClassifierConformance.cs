using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models;

/// <summary>The conformance checks every classification fixture (BERT, ResNet) passes against transformers.</summary>
public static class ClassifierConformance
{
    /// <summary>Eval-mode logits and loss on the reference batch within 1e-4.</summary>
    public static void AssertForwardMatches(HfReferenceFixture fixture, PretrainedModel model, ModelBatch batch, torch.Tensor expectedLogits)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var output = model.forward(batch);

        TensorComparison.AssertClose(expectedLogits, output.Logits, 1e-4, 1e-4, "logits");
        TensorComparison.AssertClose(fixture.Loss, output.Loss!.item<float>(), 1e-4, 1e-4, "loss");
    }

    /// <summary>Three AdamW steps: losses, gradient norms and every tensor of after_3_steps.safetensors (buffers included) within 1e-3.</summary>
    public static void AssertThreeStepsMatch(HfReferenceFixture fixture, PretrainedModel model, ModelBatch batch)
    {
        var (losses, norms) = ReferenceAdamW.Run(model, batch, steps: 3);

        for (var step = 0; step < 3; step++)
        {
            TensorComparison.AssertClose(fixture.FineTuneLosses[step], losses[step], 1e-3, 1e-3, $"loss at step {step + 1}");
            TensorComparison.AssertClose(fixture.GradNormsBeforeClip[step], norms[step], 1e-3, 1e-3, $"gradient norm at step {step + 1}");
        }

        using var expected = new DisposableTensors(fixture.ReadTensors("after_3_steps.safetensors"));
        var actual = model.state_dict();
        Assert.Equal(expected.Tensors.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in expected.Tensors)
        {
            TensorComparison.AssertClose(tensor, actual[name], 1e-3, 1e-3, name);
        }
    }
}
