using KubeTune.Trainer.Commands;

namespace KubeTune.Trainer.Tests.Import;

public sealed class ImportOnnxCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "kt-onnx-bad-" + Guid.NewGuid().ToString("N"));

    public ImportOnnxCommandTests()
    {
        Directory.CreateDirectory(directory);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("json", "not a valid ONNX (protobuf) file")]
    [InlineData("random", "not a valid ONNX (protobuf) file")]
    [InlineData("empty", "not an ONNX model (it holds no graph with nodes)")]
    public void Run_FileThatIsNotOnnx_Exits2NamingTheFile(string kind, string expected)
    {
        var path = Path.Combine(directory, kind + ".onnx");
        var random = new Random(3);
        var bytes = kind switch
        {
            "json" => "{\"model_type\": \"resnet\"}"u8.ToArray(),
            "random" => Enumerable.Range(0, 4096).Select(_ => (byte)random.Next(256)).ToArray(),
            _ => [],
        };
        File.WriteAllBytes(path, bytes);

        var (code, error) = Run("--onnx", path, "--output", Path.Combine(directory, "out"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "out")), "nothing is written for a bad file");
    }

    [Fact]
    public void Run_OnnxGraphThatIsNotAResNet_Exits2NamingTheNode()
    {
        // The preprocessing graph is valid ONNX but has no convolution stem.
        var (code, error) = Run("--onnx", ResNet18OnnxPackage.Preprocess, "--output", Path.Combine(directory, "out"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("not an importable ResNet graph", error, StringComparison.Ordinal);
        Assert.Contains("expected one Conv reading 'OriginalInput', found Split node", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--num-labels", "0", "--num-labels must be a positive integer, got '0'")]
    [InlineData("--labels", "3", "unknown option '--labels'")]
    public void Run_BadOption_Exits2WithTheReason(string option, string value, string expected)
    {
        var (code, error) = Run("--onnx", Path.Combine(directory, "missing.onnx"), "--output", directory, option, value);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_Exits2()
    {
        var path = Path.Combine(directory, "missing.onnx");

        var (code, error) = Run("--onnx", path, "--output", directory);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"{path}: ONNX file not found", error, StringComparison.Ordinal);
    }

    private static (int Code, string Error) Run(params string[] options)
    {
        var error = new StringWriter();
        var code = Program.Run([ImportOnnxCommand.Name, .. options], new StringWriter(), error);
        return (code, error.ToString());
    }
}
