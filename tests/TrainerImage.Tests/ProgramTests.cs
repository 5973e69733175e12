using KubeTune.Trainer.Commands;

namespace KubeTune.Trainer.Tests;

public sealed class ProgramTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kt-program-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("train", "--help", "usage: KubeTune.Trainer train [--config FILE]")]
    [InlineData("train", "-h", "usage: KubeTune.Trainer train [--config FILE]")]
    [InlineData("forward", "--help", "usage: KubeTune.Trainer forward --model DIR")]
    [InlineData("import-onnx", "--help", "usage: KubeTune.Trainer import-onnx --onnx FILE")]
    [InlineData("bench", "-h", "usage: KubeTune.Trainer bench --preset")]
    [InlineData("--help", null, "usage: KubeTune.Trainer <command> [options]")]
    public void Run_Help_PrintsTheUsageOnStdoutAndExitsZeroDoingNothing(string command, string? flag, string expectedStart)
    {
        var (code, output, error) = Run(flag is null ? [command] : [command, flag]);

        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith(expectedStart, output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public void Run_TrainHelpAfterOtherOptions_HelpWinsAndNoConfigIsRead()
    {
        var (code, output, _) = Run(["train", "--config", Path.Combine(directory, "missing.yaml"), "--help"]);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("--pvc-root DIR", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TrainHelpAndUnknownOption_NeverListTheInternalFlag()
    {
        var help = Run(["train", "--help"]).Output;
        var (code, _, error) = Run(["train", "--confg", "job.yaml"]);

        Assert.DoesNotContain("abort-after-steps", help, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("error: train: unknown option '--confg' (options: --config, --pvc-root, --device, --eval-steps, --bench-steps;", error, StringComparison.Ordinal);
        Assert.DoesNotContain("abort-after-steps", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: kubetune.io/v1alpha1\nkind: FineTuneJob\nmetadata: {name: x}\nspec:\n  model: {uri: pvc://models/a\n  task: causal-lm\n", 5)]
    [InlineData("apiVersion: kubetune.io/v1alpha1\nkind: FineTuneJob\nspec: {task: causal-lm\n", 4)]
    [InlineData("kind: FineTuneJob\nspec:\n  method: {type: lora, lora: [q_proj, v_proj}\n", 3)]
    public void Run_TrainWithBrokenYaml_ExitsTwoNamingFileLineAndColumn(string yaml, int line)
    {
        var path = Path.Combine(directory, "job.yaml");
        File.WriteAllText(path, yaml);

        var (code, _, error) = Run(["train", "--config", path]);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Matches($@"^error: {System.Text.RegularExpressions.Regex.Escape(path)}: invalid YAML at line {line}, column \d+: ", error);
        Assert.DoesNotContain("detail:", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
