using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;

namespace KubeTune.Trainer.Training;

/// <summary>Makes the parameters of a method trainable: full (all), lora (adapters, plus a classification head), head (the task head only).</summary>
public static class TrainingMethods
{
    /// <summary>Applies the method; returns the LoRA adapters by module name (empty for full and head).</summary>
    public static IReadOnlyDictionary<string, LoraLinear> Apply(PretrainedModel model, string method, LoraSettings? lora, bool classification)
    {
        switch (method)
        {
            case FineTuneMethod.Full:
                foreach (var parameter in model.parameters())
                {
                    parameter.requires_grad = true;
                }

                return new Dictionary<string, LoraLinear>();
            case FineTuneMethod.Lora:
                var adapters = LoraInjector.Inject(model, lora ?? throw new InvalidInputException("method.type lora needs method.lora settings"));
                if (classification)
                {
                    // PEFT's SEQ_CLS task trains the new head too (modules_to_save); a frozen random head cannot learn.
                    UnfreezeHead(model);
                }

                return adapters;
            case FineTuneMethod.Head:
                foreach (var parameter in model.parameters())
                {
                    parameter.requires_grad = false;
                }

                UnfreezeHead(model);
                return new Dictionary<string, LoraLinear>();
            default:
                throw new InvalidInputException($"method.type '{method}' is not one of {string.Join(", ", FineTuneMethod.All)}");
        }
    }

    private static void UnfreezeHead(PretrainedModel model)
    {
        if (model.TaskHeadPrefixes.Count == 0)
        {
            throw new InvalidInputException($"method.type head needs a model with a task head; {model.Architecture} has none (use full or lora)");
        }

        foreach (var (name, parameter) in model.named_parameters())
        {
            if (model.TaskHeadPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                parameter.requires_grad = true;
            }
        }
    }
}
