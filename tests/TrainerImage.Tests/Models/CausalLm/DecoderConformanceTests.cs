using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.CausalLm;

public sealed class DecoderConformanceTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Forward_ReferenceBatch_LogitsAndLossMatchTransformers(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        using var model = fixture.LoadModel();
        var reference = fixture.ReadTensors("reference.safetensors");
        model.eval();

        using var noGrad = torch.no_grad();
        var output = model.forward(ModelBatch.FromTensors(reference));

        TensorComparison.AssertClose(reference["logits"], output.Logits, 1e-4, 1e-4, "logits");
        TensorComparison.AssertClose(fixture.Json.GetProperty("loss").GetDouble(), output.Loss!.item<float>(), 1e-4, 1e-4, "loss");
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void FullFineTune_ThreeAdamWSteps_MatchTransformers(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        using var model = fixture.LoadModel();
        var batch = ModelBatch.FromTensors(fixture.ReadTensors("reference.safetensors"));

        var (losses, norms) = ReferenceAdamW.Run(model, batch);

        var expectedLosses = fixture.Doubles("full_finetune", "losses");
        var expectedNorms = fixture.Doubles("full_finetune", "grad_norms_before_clip");
        for (var step = 0; step < 3; step++)
        {
            TensorComparison.AssertClose(expectedLosses[step], losses[step], 1e-3, 0, $"loss at step {step + 1}");
            TensorComparison.AssertClose(expectedNorms[step], norms[step], 1e-3, 0, $"grad norm at step {step + 1}");
        }

        var parameters = model.state_dict();
        foreach (var (name, expected) in fixture.ReadTensors("after_3_steps.safetensors"))
        {
            var actual = parameters.TryGetValue(name, out var own) ? own : parameters[model.TiedParameters[name]];
            TensorComparison.AssertClose(expected, actual, 1e-3, 0, name);
        }
    }
}
