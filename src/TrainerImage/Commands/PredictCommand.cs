using System.Text.Json.Nodes;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Inference;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Tokenization;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// <c>predict --model DIR [--adapter DIR] --input FILE|FOLDER --output FILE.jsonl</c>: one JSON line per input, in
/// input order. Classifiers (text, image) give label, score and per-class probabilities with the training's
/// preprocessing; causal LMs generate a completion with a KV cache (greedy unless --temperature is set).
/// </summary>
public static class PredictCommand
{
    public const string Name = "predict";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, string?>? environment = null)
    {
        var options = PredictCommandOptions.Parse(args);
        torch.set_num_threads(TrainingDevice.ThreadCount(environment ?? Environment.GetEnvironmentVariable));
        var device = TrainingDevice.Select(options.Device);
        using var model = LoadModel(options, error);
        if (device.type != DeviceType.CPU)
        {
            model.to(device);
        }

        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(options.OutputPath))!;
        Directory.CreateDirectory(outputDirectory);
        // Written beside the target and renamed into place, so a failed run never leaves half a file that looks whole.
        var partial = options.OutputPath + ".partial";
        string summary;
        using (var lines = new StreamWriter(partial))
        {
            summary = model.Architecture switch
            {
                var name when name.EndsWith("ForSequenceClassification", StringComparison.Ordinal) => ClassifyText(model, options, device, lines),
                var name when name.EndsWith("ForImageClassification", StringComparison.Ordinal) => ClassifyImages(model, options, device, lines),
                _ when model.DecoderLayerCount > 0 => Generate(model, options, device, lines),
                var name => throw new InvalidInputException($"{options.ModelDirectory}: {name} neither classifies nor generates text"),
            };
        }

        File.Move(partial, options.OutputPath, overwrite: true);
        output.WriteLine($"predict: {model.Architecture} on {device.type}: {summary}; wrote {options.OutputPath}");
        return ExitCodes.Success;
    }

    private static PretrainedModel LoadModel(PredictCommandOptions options, TextWriter error)
    {
        void Warn(string message) => error.WriteLine($"note: {message}");
        if (options.AdapterDirectory is not { } adapterDirectory)
        {
            return PretrainedModelLoader.Load(options.ModelDirectory, warn: Warn);
        }

        if (!File.Exists(Path.Combine(adapterDirectory, PeftAdapter.ConfigFileName)))
        {
            throw new InvalidInputException($"--adapter {adapterDirectory}: no {PeftAdapter.ConfigFileName} (a PEFT LoRA adapter directory)");
        }

        // A classification adapter's trained head has the fine-tuning's classes, which eval.json names.
        var model = PretrainedModelLoader.Load(options.ModelDirectory, labels: TrainedLabels(adapterDirectory), warn: Warn);
        try
        {
            var adapters = PeftAdapter.Load(adapterDirectory, model);
            if (options.MergeAdapter)
            {
                LoraMerger.MergeAndUnload(model, adapters);
            }

            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static string ClassifyText(PretrainedModel model, PredictCommandOptions options, torch.Device device, TextWriter lines)
    {
        var directory = TokenizerDirectory(options);
        using var tokenizer = HfTokenizer.Load(directory);
        var maxLength = options.MaxLength ?? TrainedMaxLength(options.AdapterDirectory ?? options.ModelDirectory) ?? KubeTune.Contracts.Defaults.MaxSequenceLength;
        using var set = ClassificationInputs.Text(options.InputPath, tokenizer, maxLength, options.Fields.Text, options.Fields.Label, model.Config.Labels);
        return Describe(ClassificationPredictor.Predict(model, set, model.Config.Labels, options.BatchSize, device, lines)) + $" (max length {maxLength})";
    }

    private static string ClassifyImages(PretrainedModel model, PredictCommandOptions options, torch.Device device, TextWriter lines)
    {
        using var set = ClassificationInputs.Images(options.InputPath, options.ModelDirectory, model.Config, options.Fields.Image, options.Fields.Label, model.Config.Labels);
        return Describe(ClassificationPredictor.Predict(model, set, model.Config.Labels, options.BatchSize, device, lines));
    }

    private static string Generate(PretrainedModel model, PredictCommandOptions options, torch.Device device, TextWriter lines)
    {
        var directory = TokenizerDirectory(options);
        using var tokenizer = HfTokenizer.Load(directory);
        var template = ChatTemplate.Load(directory);
        var prompts = PromptInputs.Read(options.InputPath, template, options.Fields.Prompt, options.Fields.Messages);
        var stops = StopTokens.For(tokenizer, model.Config, directory, template);
        var context = model.Config.Has("n_positions") ? model.Config.RequireInt("n_positions")
            : model.Config.Has("max_position_embeddings") ? model.Config.RequireInt("max_position_embeddings") : (int?)null;
        var generated = 0L;
        foreach (var (input, text) in prompts)
        {
            var ids = tokenizer.Encode(text);
            if (context is { } limit && ids.Length >= limit)
            {
                throw new InvalidInputException($"{options.InputPath}: a prompt of {ids.Length} tokens leaves no room in the model's context of {limit}");
            }

            var result = TokenGenerator.Generate(model, ids, options.Generation, stops, device, contextLength: context);
            generated += result.Tokens.Count;
            lines.WriteLine(new JsonObject
            {
                ["prompt"] = input.DeepClone(),
                ["completion"] = tokenizer.Decode(result.Tokens.Where(id => !stops.Contains(id))),
                ["tokens"] = result.Tokens.Count,
                ["finish_reason"] = result.FinishReason,
            }.ToJsonString());
        }

        var mode = options.Generation.Greedy ? "greedy" : $"temperature {options.Generation.Temperature}, top-p {options.Generation.TopP}, seed {options.Generation.Seed}";
        return $"{prompts.Count} prompts, {generated} tokens generated ({mode}, chat template {template.Name})";
    }

    private static string Describe(ClassificationSummary summary) =>
        summary.Accuracy is { } accuracy
            ? $"{summary.Inputs} inputs, accuracy {accuracy:0.0000} on {summary.Labelled} labelled ({summary.Correct} correct)"
            : $"{summary.Inputs} inputs";

    // An adapter folder carries copies of the base model's tokenizer files; a merged model folder has its own.
    private static string TokenizerDirectory(PredictCommandOptions options) =>
        options.AdapterDirectory is { } adapter && File.Exists(Path.Combine(adapter, HfTokenizer.FileName)) ? adapter : options.ModelDirectory;

    private static JsonObject? EvalJson(string directory)
    {
        var path = Path.Combine(directory, EvalReport.FileName);
        return File.Exists(path) ? HfConfig.Load(path).Json : null;
    }

    private static int? TrainedMaxLength(string directory) =>
        EvalJson(directory)?[EvalReport.MaxSequenceLengthField] is JsonValue value && value.TryGetValue<int>(out var length) && length > 0 ? length : null;

    private static IReadOnlyList<string>? TrainedLabels(string directory) =>
        EvalJson(directory)?["labels"] is JsonArray labels ? labels.Select(label => label!.GetValue<string>()).ToList() : null;
}
