using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Training;

/// <summary>
/// Writes the result in the layout transformers and peft load: the full model (LoRA merged in) for safetensors, the
/// adapter for peft-adapter, with the base model's tokenizer files next to it.
/// </summary>
public static class TrainingOutputs
{
    public static ProgressOutput Write(
        PretrainedModel model,
        IReadOnlyDictionary<string, LoraLinear> adapters,
        LoraSettings? lora,
        string format,
        string outputDirectory,
        string outputUri,
        string baseModelDirectory,
        string baseModelUri,
        string task)
    {
        NoFollowFiles.CreateDirectory(outputDirectory);
        switch (format)
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
                PeftAdapter.Save(outputDirectory, model, adapters, lora, baseModelUri, taskType, modulesToSave);
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
                throw new InvalidInputException($"output.format '{format}' is not one of {string.Join(", ", OutputFormat.All)}");
        }

        return new ProgressOutput(outputUri, format, DirectorySize(outputDirectory));
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
