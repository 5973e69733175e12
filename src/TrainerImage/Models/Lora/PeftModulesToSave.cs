using System.Text.Json.Nodes;
using TorchSharp;

namespace KubeTune.Trainer.Models.Lora;

/// <summary>
/// PEFT's modules_to_save: whole modules (a classifier head) trained next to the adapter. PEFT saves them under the
/// module's own name (base_model.model.classifier.weight, the ".modules_to_save.default" part removed) and lists
/// them in adapter_config.json, so PeftModel.from_pretrained restores them.
/// </summary>
public static class PeftModulesToSave
{
    /// <summary>The module names of a model's task head ("classifier." → "classifier"); empty without a head.</summary>
    public static IReadOnlyList<string> TaskHead(PretrainedModel model) =>
        model.TaskHeadPrefixes.Select(prefix => prefix.TrimEnd('.')).ToList();

    /// <summary>The tensors of those modules by PEFT's saved names.</summary>
    public static Dictionary<string, torch.Tensor> Tensors(PretrainedModel model, IReadOnlyList<string> modules) =>
        model.state_dict()
            .Where(pair => Belongs(pair.Key, modules))
            .ToDictionary(pair => PeftAdapter.KeyPrefix + pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>adapter_config.json's modules_to_save; empty when null or absent.</summary>
    public static IReadOnlyList<string> Read(HfConfig adapterConfig) => adapterConfig.Json["modules_to_save"] switch
    {
        null => [],
        JsonArray array when array.All(node => node is JsonValue value && value.TryGetValue<string>(out _)) => array.Select(node => node!.GetValue<string>()).ToList(),
        var other => throw new InvalidInputException($"{adapterConfig.Source}: field 'modules_to_save' must be a list of module names, got {other.ToJsonString()}"),
    };

    /// <summary>Whether a saved adapter tensor (base_model.model.NAME) belongs to one of the modules.</summary>
    public static bool IsSaved(string key, IReadOnlyList<string> modules) =>
        key.StartsWith(PeftAdapter.KeyPrefix, StringComparison.Ordinal) && Belongs(ModuleKey(key), modules);

    /// <summary>Copies the saved head tensors into the model; every tensor of the model's listed modules must be there.</summary>
    public static void Load(PretrainedModel model, IReadOnlyList<string> modules, IReadOnlyDictionary<string, torch.Tensor> saved, string source)
    {
        var byName = saved.ToDictionary(pair => ModuleKey(pair.Key), pair => pair.Value, StringComparer.Ordinal);
        var targets = model.state_dict().Where(pair => Belongs(pair.Key, modules)).ToDictionary(StringComparer.Ordinal);
        ExactTensorCopy.Copy(targets, byName, source, "modules_to_save", " (load the base model with the adapter's label count)");
    }

    // In-memory PEFT names carry the wrapper's path (classifier.modules_to_save.default.weight); saved ones do not.
    private static string ModuleKey(string key) =>
        key[PeftAdapter.KeyPrefix.Length..].Replace(".modules_to_save.default.", ".", StringComparison.Ordinal);

    private static bool Belongs(string name, IReadOnlyList<string> modules) =>
        modules.Any(module => name.StartsWith(module + ".", StringComparison.Ordinal));
}
