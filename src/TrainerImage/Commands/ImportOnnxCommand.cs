using System.Diagnostics;
using System.Globalization;
using KubeTune.Trainer.Import;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// <c>import-onnx --onnx FILE [--preprocess FILE] --output DIR [--num-labels N] [--random-init SEED]</c>: converts an ONNX
/// ResNet into a Hugging Face ResNet directory the trainer fine-tunes (config.json, model.safetensors,
/// preprocessor_config.json); with <c>--random-init</c> the same directory with fresh weights, the random-start baseline.
/// </summary>
public static class ImportOnnxCommand
{
    public const string Name = "import-onnx";

    public const string Usage = "import-onnx --onnx FILE [--preprocess FILE] --output DIR [--num-labels N] [--random-init SEED]";

    private static readonly string[] Options = ["onnx", "preprocess", "output", "num-labels", "random-init"];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = CommandLineOptions.Parse(Name, args, Options);
        var onnx = options.Require("onnx");
        var outputDirectory = options.Require("output");
        var numLabels = options.Get("num-labels") is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new InvalidInputException($"{Name}: --num-labels must be a positive integer, got '{text}'")
            : (int?)null;
        var randomInitSeed = options.Get("random-init") is { } seedText
            ? long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) && seed >= 0
                ? seed
                : throw new InvalidInputException($"{Name}: --random-init must be a seed from 0 to {long.MaxValue}, got '{seedText}'")
            : (long?)null;

        var clock = Stopwatch.StartNew();
        var summary = OnnxResNetImporter.Import(onnx, options.Get("preprocess"), outputDirectory, numLabels, randomInitSeed);
        var network = summary.Network;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported ResNet ({network.LayerType} blocks, depths [{string.Join(", ", network.Depths)}], hidden_sizes [{string.Join(", ", network.HiddenSizes)}], " +
            $"asymmetric_strided_padding {network.AsymmetricStridedPadding.ToString().ToLowerInvariant()}) from {onnx}"));
        var head = summary.NumLabels is { } labels ? $"classifier with {labels} fresh labels" : "no classifier (the fine-tuning task adds one)";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {summary.TensorCount} tensors ({summary.WeightBytes / 1e6:F1} MB) to {outputDirectory} in {clock.Elapsed.TotalSeconds:F1} s; {head}"));
        if (summary.RandomInitSeed is { } usedSeed)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"random init (seed {usedSeed}): the ONNX weights are not used; convolutions kaiming normal (fan_out), batch norm weight 1, bias 0, as transformers initialises ResNet"));
        }
        if (network.IgnoredNodes.Count > 0)
        {
            output.WriteLine($"ignored {network.IgnoredNodes.Count} nodes after the pooled features: {string.Join(", ", network.IgnoredNodes.Select(node => node.OpType))}");
        }
        if (summary.ImageMean is { } mean)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"preprocessor_config.json: pixels 0-255 minus per-channel mean [{string.Join(", ", mean.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)))}] " +
                $"(the ONNX mean image deviates from it by up to {summary.MeanImageDeviation:F2})"));
        }
        else
        {
            output.WriteLine("no --preprocess: no preprocessor_config.json written; the model expects the ONNX model's own input (channel order, mean)");
        }
        return ExitCodes.Success;
    }
}
