using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Training;

/// <summary>
/// Writes the result in the layout transformers and peft load: the full model (LoRA merged in) for safetensors, the
/// adapter for peft-adapter, with the base model's tokenizer files (and chat_template.jinja) next to it,
/// generation_config.json for causal LMs and a README.md model card.
/// </summary>
public static class TrainingOutputs
{
    /// <param name="specialTokens">The tokenizer's EOS and declared pad ids, for generation_config.json when config.json lacks them.</param>
    public static ProgressOutput Write(
        PretrainedModel model,
        IReadOnlyDictionary<string, LoraLinear> adapters,
        LoraSettings? lora,
        TrainerConfig config,
        TrainingResult result,
        string outputDirectory,
        string outputUri,
        string baseModelDirectory,
        (long? Eos, long? Pad) specialTokens = default)
    {
        NoFollowFiles.CreateDirectory(outputDirectory);
        var task = config.Task;
        switch (config.Output.Format)
        {
            case OutputFormat.PeftAdapter when adapters.Count > 0 && lora is not null:
                var taskType = task switch
                {
                    FineTuneTask.CausalLm or FineTuneTask.Instruction => "CAUSAL_LM",
                    FineTuneTask.TextClassification => "SEQ_CLS",
                    _ => null,
                };

                // The head trained next to the adapter (TrainingMethods) is saved as PEFT's modules_to_save.
                var modulesToSave = FineTuneTask.IsClassification(task) ? PeftModulesToSave.TaskHead(model) : null;
                PeftAdapter.Save(outputDirectory, model, adapters, lora, BaseModelReference.From(config.Model.Uri), taskType, modulesToSave);
                CopyTokenizerFiles(baseModelDirectory, outputDirectory);
                if (FineTuneTask.IsClassification(task))
                {
                    // Serving runtimes without adapter support (KServe's Hugging Face backend) load this merged copy; classifiers are small.
                    LoraMerger.MergeAndUnload(model, adapters);
                    PretrainedModelSaver.Save(model, Path.Combine(outputDirectory, OutputFormat.MergedSubdirectory), baseModelDirectory);
                }

                break;
            case OutputFormat.PeftAdapter:
                throw new InvalidInputException("output.format peft-adapter needs method.type lora");
            case OutputFormat.Safetensors:
                if (adapters.Count > 0)
                {
                    LoraMerger.MergeAndUnload(model, adapters);
                }

                PretrainedModelSaver.Save(model, outputDirectory, baseModelDirectory);
                break;
            default:
                throw new InvalidInputException($"output.format '{config.Output.Format}' is not one of {string.Join(", ", OutputFormat.All)}");
        }

        if (task is FineTuneTask.CausalLm or FineTuneTask.Instruction)
        {
            GenerationConfigFile.WriteIfMissing(outputDirectory, model.Config, specialTokens.Eos, specialTokens.Pad);
        }

        ModelCard.Write(outputDirectory, config, result);
        return new ProgressOutput(outputUri, config.Output.Format, DirectorySize(outputDirectory));
    }

    private static void CopyTokenizerFiles(string source, string destination)
    {
        foreach (var name in PretrainedModelSaver.AuxiliaryFiles)
        {
            var path = Path.Combine(source, name);
            if (File.Exists(path) && Path.GetFullPath(source) != Path.GetFullPath(destination))
            {
                NoFollowFiles.Copy(path, Path.Combine(destination, name));
            }
        }
    }

    private static long DirectorySize(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
}
