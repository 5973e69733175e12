using System.Diagnostics;
using KubeTune.Trainer.Import;
using Microsoft.ML.OnnxRuntime;

namespace KubeTune.Trainer.Tests.Import;

/// <summary>Imports the 64 MB ResNet-18 once per test class through the command line, and opens it in ONNX Runtime.</summary>
public sealed class ImportedResNet18Fixture : IDisposable
{
    public const int NumLabels = 10;

    public ImportedResNet18Fixture()
    {
        OutputDirectory = Path.Combine(Path.GetTempPath(), "kt-onnx-import-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        ExitCode = Program.Run(
            ["import-onnx", "--onnx", ResNet18OnnxPackage.Model, "--preprocess", ResNet18OnnxPackage.Preprocess, "--output", OutputDirectory, "--num-labels", $"{NumLabels}"],
            output,
            error);
        ImportTime = clock.Elapsed;
        Output = output.ToString();
        Error = error.ToString();
        Preprocessing = PixelPreprocessingReader.Read(OnnxReader.Read(ResNet18OnnxPackage.Preprocess), channels: 3);
        Network = new InferenceSession(ResNet18OnnxPackage.Model);
        Preprocess = new InferenceSession(ResNet18OnnxPackage.Preprocess);
    }

    public string OutputDirectory { get; }

    public int ExitCode { get; }

    public TimeSpan ImportTime { get; }

    public string Output { get; }

    public string Error { get; }

    /// <summary>The exact preprocessing (RGB to BGR, minus the mean image) as the importer reads it.</summary>
    public PixelPreprocessing Preprocessing { get; }

    public InferenceSession Network { get; }

    public InferenceSession Preprocess { get; }

    public void Dispose()
    {
        Network.Dispose();
        Preprocess.Dispose();
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }
}
