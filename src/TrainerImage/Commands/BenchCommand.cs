using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Bench;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// <c>bench --preset NAME [--arch gpt2|llama] [--steps N] [--warmup-steps N] [--device auto|cpu|cuda] [--precision bf16|fp32]</c>:
/// trains a randomly initialised model of the preset's shape on random tokens with the real training loop and prints
/// one JSON line: tokens/s, seconds per step, model TFLOP/s = 6 × (trainable + frozen parameters) × tokens/s, peak GPU memory.
/// </summary>
public static class BenchCommand
{
    public const string Name = "bench";
    public const string Usage = "bench --preset gpt2-124m|llama-1b-lora|gpt2-tiny|llama-tiny [--arch gpt2|llama] [--steps 20] [--warmup-steps 3] [--device auto|cpu|cuda] [--precision bf16|fp32]";
    private static readonly string[] Names = ["preset", "arch", "steps", "warmup-steps", "device", "precision"];

    public static int Run(IReadOnlyList<string> args, TextWriter output, Func<string, string?>? environment = null)
    {
        var options = CommandLineOptions.Parse(Name, args, Names);
        var preset = BenchPresets.Find(options.Require("preset"), options.Get("arch"));
        var steps = Positive(options, "steps") ?? 20;
        var warmup = options.Get("warmup-steps") == "0" ? 0 : Positive(options, "warmup-steps") ?? 3;
        var precision = options.Get("precision") ?? Precision.Bf16;
        if (precision is not (Precision.Bf16 or Precision.Fp32))
        {
            throw new InvalidInputException($"bench: --precision '{precision}' is not one of bf16, fp32");
        }

        torch.set_num_threads(TrainingDevice.ThreadCount(environment ?? Environment.GetEnvironmentVariable));
        var device = TrainingDevice.Select(options.Get("device"));
        torch.manual_seed(0);
        var config = new HfConfig((JsonObject)preset.Config.DeepClone(), $"preset {preset.Name}");
        using var model = ModelRegistry.Default.Create(config);
        var lora = preset.LoraRank is { } rank ? new LoraSettings(rank, 2.0 * rank, 0.05, preset.LoraTargets) : null;
        TrainingMethods.Apply(model, preset.Method, lora, classification: false);
        model.to(device);
        var parameters = model.parameters().Sum(parameter => parameter.numel());
        var trainable = model.parameters().Where(parameter => parameter.requires_grad).Sum(parameter => parameter.numel());

        var (probe, memoryProblem) = device.type == DeviceType.CUDA ? GpuMemoryProbe.TryStart() : (null, "CPU run");
        using var ownedProbe = probe;
        if (warmup > 0)
        {
            Train(model, preset, precision, warmup, device);
        }

        var result = Train(model, preset, precision, steps, device);
        var timings = result.Timings;
        var tokensPerSecond = timings.TokensPerSecond;
        var line = new
        {
            bench = "train",
            engine = "torchsharp",
            preset = preset.Name,
            arch = preset.Arch,
            method = preset.Method,
            device = device.type.ToString().ToLowerInvariant(),
            gpu = probe?.Name,
            precision,
            steps = timings.Steps,
            warmupSteps = warmup,
            batchSize = preset.BatchSize,
            sequenceLength = preset.SequenceLength,
            parameters,
            trainableParameters = trainable,
            tokensPerSecond = Math.Round(tokensPerSecond, 1),
            stepSeconds = timings.Steps == 0 ? 0 : Math.Round(timings.Total.TotalSeconds / timings.Steps, 5),
            modelTflops = Math.Round(6.0 * parameters * tokensPerSecond / 1e12, 3),
            flopsFormula = "6 * all parameters (trainable and frozen) * tokens/s",
            peakGpuMemoryGiB = probe is null ? (double?)null : Math.Round(probe.PeakBytes / (double)(1L << 30), 2),
            peakGpuMemorySource = probe is null ? memoryProblem : "nvml device used (context + caching allocator), polled",
            finalLoss = result.LastLoss is { } loss ? Math.Round(loss, 4) : (double?)null,
        };
        output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        return ExitCodes.Success;
    }

    private static TrainingResult Train(PretrainedModel model, BenchPreset preset, string precision, int steps, torch.Device device)
    {
        var settings = new TrainingSettings(
            FineTuneTask.CausalLm,
            LearningRate: preset.LoraRank is null ? 6e-4 : 2e-4,
            BatchSize: preset.BatchSize,
            MaxSteps: steps,
            WeightDecay: 0.01,
            Precision: precision,
            Seed: steps,
            ReportInterval: TimeSpan.FromHours(1),
            MeasurePhases: device.type != DeviceType.CUDA);
        var source = new SyntheticTokenSource(preset.BatchSize * steps, preset.SequenceLength, preset.Config["vocab_size"]!.GetValue<int>());
        var reporter = new ProgressReporter(TextWriter.Null, null, null);
        return new TrainingLoop(model, settings, source, null, null, null, reporter, device, diagnostics: TextWriter.Null).Run();
    }

    private static int? Positive(CommandLineOptions options, string name) =>
        options.Get(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidInputException($"{Name}: --{name} '{text}' must be a positive whole number");
}
