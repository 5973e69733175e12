using System.Text.Json;
using KubeTune.Trainer.Commands;
using KubeTune.Trainer.Tests.Training;

namespace KubeTune.Trainer.Tests.Commands;

[Collection(TorchRandomCollection.Name)]
public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("gpt2-tiny", "gpt2", "bf16", "full")]
    [InlineData("llama-tiny", "llama", "bf16", "lora")]
    [InlineData("gpt2-tiny", "gpt2", "fp32", "full")]
    public void Run_TinyPresetTwoSteps_PrintsOneJsonLineWithThroughputAndFlops(string preset, string arch, string precision, string method)
    {
        var output = new StringWriter();

        var code = Program.Run(["bench", "--arch", arch, "--preset", preset, "--steps", "2", "--warmup-steps", "1", "--device", "cpu", "--precision", precision], output, TextWriter.Null);

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("torchsharp", json.GetProperty("engine").GetString());
        Assert.Equal(preset, json.GetProperty("preset").GetString());
        Assert.Equal(precision, json.GetProperty("precision").GetString());
        Assert.Equal(method, json.GetProperty("method").GetString());
        Assert.Equal(2, json.GetProperty("steps").GetInt32());
        var tokensPerSecond = json.GetProperty("tokensPerSecond").GetDouble();
        var parameters = json.GetProperty("parameters").GetInt64();
        var trainable = json.GetProperty("trainableParameters").GetInt64();
        Assert.True(tokensPerSecond > 0, line);
        Assert.True(json.GetProperty("stepSeconds").GetDouble() > 0, line);
        // The step time and throughput describe the same steps: batch × sequence tokens per step.
        Assert.Equal(json.GetProperty("batchSize").GetInt32() * json.GetProperty("sequenceLength").GetInt32() / json.GetProperty("stepSeconds").GetDouble(), tokensPerSecond, tokensPerSecond * 0.02);
        Assert.Equal(6.0 * parameters * tokensPerSecond / 1e12, json.GetProperty("modelTflops").GetDouble(), 0.0006);
        Assert.True(method == "lora" ? trainable < parameters / 10 : trainable == parameters, line);
        Assert.True(double.IsFinite(json.GetProperty("finalLoss").GetDouble()), line);
        Assert.Equal("CPU run", json.GetProperty("peakGpuMemorySource").GetString());
    }

    [Fact]
    public void Run_ArchThatDoesNotMatchThePreset_ExitsInvalidInputNamingBoth()
    {
        var error = new StringWriter();

        var code = Program.Run(["bench", "--arch", "llama", "--preset", "gpt2-tiny", "--device", "cpu"], TextWriter.Null, error);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--arch 'llama' does not match preset gpt2-tiny", error.ToString(), StringComparison.Ordinal);
    }
}
