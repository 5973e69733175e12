using TorchSharp;

namespace KubeTune.Trainer.Models.Lora;

/// <summary>Folds LoRA adapters into their base layers (PEFT's merge_and_unload), so the model saves with plain HF names.</summary>
public static class LoraMerger
{
    public static void MergeAndUnload(PretrainedModel model, IReadOnlyDictionary<string, LoraLinear> adapters)
    {
        var modules = LoraInjector.ModulesByName(model);
        foreach (var (name, adapter) in adapters)
        {
            LoraInjector.Replace(modules, name, adapter.MergeIntoBase());
        }

        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = true;
        }
    }
}
