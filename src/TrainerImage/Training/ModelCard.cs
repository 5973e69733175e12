using System.Globalization;
using System.Reflection;
using System.Text;
using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Training;

/// <summary>
/// README.md in every output, the model card the Hugging Face hub shows: YAML metadata (base_model for hub models,
/// library, pipeline, tags), then the base model, data, task, method, hyperparameters, the final evaluation and the
/// KubeTune version that trained it.
/// </summary>
public static class ModelCard
{
    public const string FileName = "README.md";

    /// <summary>This trainer's version (the build's Version, without the source revision suffix).</summary>
    public static string KubeTuneVersion { get; } =
        (typeof(ModelCard).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    public static string Render(TrainerConfig config, TrainingResult result)
    {
        var baseModel = BaseModelReference.From(config.Model.Uri);
        var adapter = config.Output.Format == OutputFormat.PeftAdapter;
        var text = new StringBuilder();
        text.Append("---\n");
        if (baseModel.IsHubId)
        {
            text.Append(Line($"base_model: {baseModel.NameOrPath}"));
        }

        text.Append(Line($"library_name: {(adapter ? "peft" : "transformers")}"));
        text.Append(Line($"pipeline_tag: {PipelineTag(config.Task)}"));
        text.Append(Line($"tags: [kubetune, {config.Task}, {config.Method.Type}{(adapter ? ", lora" : "")}]"));
        text.Append("---\n\n");

        text.Append(Line($"# {config.Job.Name}"));
        text.Append('\n');
        text.Append(Line($"A {(adapter ? "LoRA adapter for" : "fine-tuned")} `{baseModel.NameOrPath}`{(baseModel.Revision is { } revision ? $" (revision `{revision}`)" : "")}, trained by KubeTune {KubeTuneVersion}."));
        text.Append('\n');
        text.Append(Line("## Training"));
        text.Append('\n');
        text.Append(Line("| | |"));
        text.Append(Line("| --- | --- |"));
        text.Append(Row("base model", $"`{config.Model.Uri}`"));
        text.Append(Row("dataset", $"`{config.Dataset.Uri}`"));
        text.Append(Row("validation", config.Dataset.ValidationUri is { } validation ? $"`{validation}`" : config.Dataset.ValidationSplit is { } split ? $"{Number(split)} of the dataset, held out" : "none"));
        text.Append(Row("task", config.Task));
        text.Append(Row("method", Method(config.Method)));
        text.Append(Row("output format", config.Output.Format));
        text.Append(Row("steps", result.Step.ToString(CultureInfo.InvariantCulture)));
        text.Append(Row("KubeTune", KubeTuneVersion));
        text.Append('\n');

        var hyperparameters = config.Hyperparameters;
        text.Append(Line("## Hyperparameters"));
        text.Append('\n');
        text.Append(Line("| | |"));
        text.Append(Line("| --- | --- |"));
        text.Append(Row("learning rate", Number(hyperparameters.LearningRate)));
        text.Append(Row("batch size", $"{hyperparameters.BatchSize} (gradient accumulation {hyperparameters.GradientAccumulationSteps})"));
        text.Append(Row(hyperparameters.MaxSteps is not null ? "max steps" : "epochs", (hyperparameters.MaxSteps ?? hyperparameters.Epochs).ToString(CultureInfo.InvariantCulture)));
        text.Append(Row("scheduler", $"{hyperparameters.Scheduler}, warmup ratio {Number(hyperparameters.WarmupRatio)}"));
        text.Append(Row("weight decay", Number(hyperparameters.WeightDecay)));
        text.Append(Row("max grad norm", Number(hyperparameters.MaxGradNorm)));
        text.Append(Row("max sequence length", hyperparameters.MaxSequenceLength.ToString(CultureInfo.InvariantCulture)));
        text.Append(Row("precision", hyperparameters.Precision));
        text.Append(Row("seed", hyperparameters.Seed.ToString(CultureInfo.InvariantCulture)));
        text.Append('\n');

        text.Append(Line("## Evaluation"));
        text.Append('\n');
        text.Append(Evaluation(result));
        return text.ToString();
    }

    public static void Write(string directory, TrainerConfig config, TrainingResult result) =>
        NoFollowFiles.WriteAllText(Path.Combine(directory, FileName), Render(config, result));

    private static string Evaluation(TrainingResult result)
    {
        var text = new StringBuilder();
        if (result.FinalEvaluation is not { } evaluation)
        {
            text.Append(Line("No validation data was given, so the model was not evaluated."));
            if (result.LastLoss is { } loss && double.IsFinite(loss))
            {
                text.Append(Line($"The last training loss was {Number(loss)}."));
            }

            return text.ToString();
        }

        text.Append(Line($"On {evaluation.Examples} validation examples at step {evaluation.Step} (all metrics in `eval.json`):"));
        text.Append('\n');
        text.Append(Line("| metric | value |"));
        text.Append(Line("| --- | --- |"));
        text.Append(Row("eval_loss", Number(evaluation.Loss)));
        if (evaluation.Perplexity is { } perplexity)
        {
            text.Append(Row("perplexity", Number(perplexity)));
        }

        if (evaluation.Classification is { } metrics)
        {
            text.Append(Row("eval_accuracy", Number(metrics.Accuracy)));
            text.Append(Row("eval_f1 (macro)", Number(metrics.MacroF1)));
            text.Append(Row("eval_precision (macro)", Number(metrics.MacroPrecision)));
            text.Append(Row("eval_recall (macro)", Number(metrics.MacroRecall)));
        }

        if (result.LastLoss is { } trainLoss && double.IsFinite(trainLoss))
        {
            text.Append(Row("train_loss (last step)", Number(trainLoss)));
        }

        return text.ToString();
    }

    private static string Method(MethodSection method) => method.Lora is { } lora
        ? $"{method.Type} (r {lora.R}, alpha {Number(lora.Alpha)}, dropout {Number(lora.Dropout)}{(lora.TargetModules is { Count: > 0 } targets ? ", target modules " + string.Join(", ", targets) : "")})"
        : method.Type;

    private static string PipelineTag(string task) => task switch
    {
        FineTuneTask.TextClassification => "text-classification",
        FineTuneTask.ImageClassification => "image-classification",
        _ => "text-generation",
    };

    private static string Row(string name, string value) => $"| {name} | {value} |\n";

    private static string Line(string text) => text + "\n";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
