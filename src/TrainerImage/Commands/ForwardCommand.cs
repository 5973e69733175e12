using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// <c>forward --model DIR --inputs IN.safetensors --output OUT.safetensors [--device cpu|cuda]</c>: runs the model in
/// eval mode on whichever of input_ids, attention_mask, token_type_ids, pixel_values IN holds and writes float32 logits.
/// </summary>
public static class ForwardCommand
{
    public const string Name = "forward";

    public const string Usage = "forward --model DIR --inputs IN.safetensors --output OUT.safetensors [--device cpu|cuda]";

    private static readonly string[] Options = ["model", "inputs", "output", "device"];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = CommandLineOptions.Parse(Name, args, Options);
        var modelDirectory = options.Require("model");
        var inputsPath = options.Require("inputs");
        var outputPath = options.Require("output");
        var device = ParseDevice(options.Get("device") ?? "cpu");

        using var scope = torch.NewDisposeScope();
        var inputs = SafetensorsFile.Read(inputsPath);
        var batch = ModelBatch.FromTensors(inputs) with { Labels = null };
        if (batch.InputIds is null && batch.PixelValues is null)
        {
            throw new InvalidInputException(
                $"{inputsPath}: holds neither '{ModelBatch.InputIdsName}' nor '{ModelBatch.PixelValuesName}' (found: {string.Join(", ", inputs.Keys)})");
        }

        using var model = PretrainedModelLoader.Load(modelDirectory, device);
        model.eval();
        using (torch.no_grad())
        {
            var logits = model.forward(batch.To(device)).Logits.to(torch.ScalarType.Float32).cpu();
            SafetensorsFile.Write(outputPath, [KeyValuePair.Create("logits", logits)]);
            output.WriteLine($"wrote logits [{string.Join(", ", logits.shape)}] of {model.Architecture} to {outputPath}");
        }

        return ExitCodes.Success;
    }

    private static torch.Device ParseDevice(string name)
    {
        if (name == "cuda" && !torch.cuda.is_available())
        {
            throw new InvalidInputException("forward: --device cuda, but no CUDA device is available");
        }

        return name is "cpu" or "cuda" or "mps"
            ? torch.device(name)
            : throw new InvalidInputException($"forward: --device '{name}' is not one of cpu, cuda");
    }
}
