using System.Globalization;
using KubeTune.Contracts;
using KubeTune.Trainer.Inference;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// predict's options. Classification: --batch-size, --max-length (default: the training's, from eval.json), the
/// input's field names. Generation: --max-new-tokens, --temperature (0: greedy), --top-p, --seed, --prompt-field.
/// --adapter-mode merge (default, folds LoRA into the weights) or apply (runs the adapter beside the base layers).
/// </summary>
public sealed record PredictCommandOptions(
    string ModelDirectory,
    string? AdapterDirectory,
    bool MergeAdapter,
    string InputPath,
    string OutputPath,
    int BatchSize,
    string? Device,
    int? MaxLength,
    DatasetFieldNames Fields,
    GenerationSettings Generation)
{
    public const int DefaultBatchSize = 16;

    public static readonly string Usage =
        "predict --model DIR [--adapter DIR [--adapter-mode merge|apply]] --input FILE|FOLDER --output FILE.jsonl [--batch-size N] [--device auto|cpu|cuda] "
        + "[--max-length N] [--text-field F] [--label-field F] [--image-field F] [--prompt-field F] [--messages-field F] "
        + "[--max-new-tokens N] [--temperature T] [--top-p P] [--seed N]";

    private static readonly string[] Names =
    [
        "model", "adapter", "adapter-mode", "input", "output", "batch-size", "device", "max-length", "text-field", "label-field", "image-field",
        "prompt-field", "messages-field", "max-new-tokens", "temperature", "top-p", "seed",
    ];

    public static PredictCommandOptions Parse(IReadOnlyList<string> args)
    {
        var options = CommandLineOptions.Parse(PredictCommand.Name, args, Names);
        var mode = options.Get("adapter-mode") ?? "merge";
        if (mode is not ("merge" or "apply"))
        {
            throw new InvalidInputException($"{PredictCommand.Name}: --adapter-mode '{mode}' is not one of merge, apply");
        }

        var temperature = Number(options, "temperature", 0, 0, 100);
        var topP = Number(options, "top-p", 1, 0, 1);
        if (topP <= 0)
        {
            throw new InvalidInputException($"{PredictCommand.Name}: --top-p must be above 0 (1 keeps every token)");
        }

        return new PredictCommandOptions(
            options.Require("model"),
            options.Get("adapter"),
            mode == "merge",
            options.Require("input"),
            options.Require("output"),
            PositiveInt(options, "batch-size") ?? DefaultBatchSize,
            options.Get("device"),
            PositiveInt(options, "max-length"),
            new DatasetFieldNames(
                Text: options.Get("text-field") ?? Defaults.TextField,
                Label: options.Get("label-field") ?? Defaults.LabelField,
                Prompt: options.Get("prompt-field") ?? Defaults.PromptField,
                Image: options.Get("image-field") ?? Defaults.ImageField,
                Messages: options.Get("messages-field") ?? Defaults.MessagesField),
            new GenerationSettings(
                PositiveInt(options, "max-new-tokens") ?? GenerationSettings.DefaultMaxNewTokens,
                temperature,
                topP,
                options.Get("seed") is { } seed
                    ? long.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new InvalidInputException($"{PredictCommand.Name}: --seed '{seed}' must be a whole number")
                    : 42));
    }

    private static int? PositiveInt(CommandLineOptions options, string name) =>
        options.Get(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidInputException($"{PredictCommand.Name}: --{name} '{text}' must be a positive whole number");

    private static double Number(CommandLineOptions options, string name, double fallback, double min, double max) =>
        options.Get(name) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new InvalidInputException($"{PredictCommand.Name}: --{name} '{text}' must be a number from {min} to {max}");
}
