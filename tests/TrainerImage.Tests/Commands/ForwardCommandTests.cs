using KubeTune.Trainer.Models.Safetensors;
using KubeTune.Trainer.Tests.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Commands;

public sealed class ForwardCommandTests : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("kt-forward-").FullName;

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Run_ReferenceInputs_WritesTransformersLogits(string architecture)
    {
        var fixture = HfReferenceFixture.Open(architecture);
        var inputs = Path.Combine(fixture.Directory, "reference.safetensors");
        var output = Path.Combine(workDirectory, "logits.safetensors");

        var exitCode = Program.Run(["forward", "--model", fixture.Directory, "--inputs", inputs, "--output", output], TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, exitCode);
        var logits = SafetensorsFile.Read(output);
        Assert.Equal(["logits"], logits.Keys);
        Assert.Equal(torch.ScalarType.Float32, logits["logits"].dtype);
        TensorComparison.AssertClose(fixture.ReadTensors("reference.safetensors")["logits"], logits["logits"], 1e-4, 1e-4, "logits");
    }

    [Fact]
    public void Run_UnknownModelType_ExitsTwoListingSupportedTypes()
    {
        var model = Path.Combine(workDirectory, "model");
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, "config.json"), """{"model_type": "t5", "architectures": ["T5ForConditionalGeneration"]}""");
        var inputs = Path.Combine(workDirectory, "inputs.safetensors");
        SafetensorsFile.Write(inputs, [KeyValuePair.Create("input_ids", torch.zeros(1, 2, torch.ScalarType.Int64))]);
        var error = new StringWriter();

        var exitCode = Program.Run(["forward", "--model", model, "--inputs", inputs, "--output", Path.Combine(workDirectory, "out.safetensors")], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("model_type 't5'", error.ToString());
        Assert.Contains("gpt2", error.ToString());
        Assert.Contains("llama", error.ToString());
    }

    [Fact]
    public void Run_InputsWithoutIdsOrPixels_ExitsTwoNamingTheFile()
    {
        var inputs = Path.Combine(workDirectory, "inputs.safetensors");
        SafetensorsFile.Write(inputs, [KeyValuePair.Create("attention_mask", torch.ones(1, 2, torch.ScalarType.Int64))]);
        var error = new StringWriter();

        var exitCode = Program.Run(["forward", "--model", workDirectory, "--inputs", inputs, "--output", Path.Combine(workDirectory, "out.safetensors")], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("inputs.safetensors", error.ToString());
        Assert.Contains("input_ids", error.ToString());
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);
}
