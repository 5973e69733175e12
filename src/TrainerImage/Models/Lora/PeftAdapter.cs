using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Models.Lora;

/// <summary>PEFT's adapter layout: adapter_config.json and adapter_model.safetensors, loadable with PeftModel.from_pretrained.</summary>
public static class PeftAdapter
{
    public const string ConfigFileName = "adapter_config.json";
    public const string WeightsFileName = "adapter_model.safetensors";
    public const string KeyPrefix = "base_model.model.";

    /// <summary>The adapter tensors by PEFT's saved names (base_model.model.MODULE.lora_A.weight).</summary>
    public static Dictionary<string, torch.Tensor> AdapterTensors(IReadOnlyDictionary<string, LoraLinear> adapters) =>
        adapters.SelectMany(pair => pair.Value.named_parameters()
                .Where(parameter => parameter.name.StartsWith("lora_", StringComparison.Ordinal))
                .Select(parameter => KeyValuePair.Create($"{KeyPrefix}{pair.Key}.{parameter.name}", (torch.Tensor)parameter.parameter)))
            .ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Writes the adapter; <paramref name="modulesToSave"/> (e.g. a trained classifier head) is saved next to it as
    /// PEFT's modules_to_save.
    /// </summary>
    public static void Save(
        string directory,
        PretrainedModel model,
        IReadOnlyDictionary<string, LoraLinear> adapters,
        LoraSettings settings,
        BaseModelReference baseModel,
        string? taskType = null,
        IReadOnlyList<string>? modulesToSave = null)
    {
        NoFollowFiles.CreateDirectory(directory);
        var tensors = AdapterTensors(adapters);
        foreach (var (name, tensor) in PeftModulesToSave.Tensors(model, modulesToSave ?? []))
        {
            tensors.Add(name, tensor);
        }

        SafetensorsFile.Write(Path.Combine(directory, WeightsFileName), tensors);
        var modelType = model.Config.ModelType ?? "";
        var config = new JsonObject
        {
            ["auto_mapping"] = taskType is null
                ? new JsonObject { ["base_model_class"] = model.Architecture, ["parent_library"] = $"transformers.models.{modelType}.modeling_{modelType}" }
                : null,
            ["base_model_name_or_path"] = baseModel.NameOrPath,
            ["bias"] = "none",
            ["fan_in_fan_out"] = adapters.Values.Any(adapter => adapter.FanInFanOut),
            ["inference_mode"] = true,
            ["init_lora_weights"] = true,
            ["layers_pattern"] = null,
            ["layers_to_transform"] = null,
            ["lora_alpha"] = settings.Alpha,
            ["lora_bias"] = false,
            ["lora_dropout"] = settings.Dropout,
            ["modules_to_save"] = modulesToSave is { Count: > 0 } ? new JsonArray(modulesToSave.Select(module => (JsonNode?)module).ToArray()) : null,
            ["peft_type"] = "LORA",
            ["r"] = settings.Rank,
            ["rank_pattern"] = new JsonObject(),
            ["alpha_pattern"] = new JsonObject(),
            ["revision"] = baseModel.Revision,
            ["target_modules"] = new JsonArray(settings.TargetModules.Select(target => (JsonNode?)target).ToArray()),
            ["task_type"] = taskType,
            ["use_dora"] = false,
            ["use_rslora"] = false,
        };
        NoFollowFiles.WriteAllText(Path.Combine(directory, ConfigFileName), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads adapter_config.json's LoRA settings.</summary>
    public static LoraSettings ReadSettings(string directory)
    {
        var path = Path.Combine(directory, ConfigFileName);
        var config = HfConfig.Load(path);
        if (config.GetString("peft_type") is { } type && type != "LORA")
        {
            throw new InvalidInputException($"{path}: peft_type '{type}' is not supported (LORA)");
        }

        var targets = config.Json["target_modules"] switch
        {
            JsonArray array => array.Select(node => node!.GetValue<string>()).ToList(),
            JsonValue value when value.TryGetValue<string>(out var single) => [single],
            _ => throw new InvalidInputException($"{path}: 'target_modules' must be a list of module names"),
        };
        return new LoraSettings(config.RequireInt("r"), config.RequireDouble("lora_alpha"), config.GetDouble("lora_dropout", 0), targets);
    }

    /// <summary>Injects the adapter an adapter directory describes and loads its weights and its modules_to_save.</summary>
    public static IReadOnlyDictionary<string, LoraLinear> Load(string directory, PretrainedModel model)
    {
        var adapters = LoraInjector.Inject(model, ReadSettings(directory));
        var path = Path.Combine(directory, WeightsFileName);
        var modules = PeftModulesToSave.Read(HfConfig.Load(Path.Combine(directory, ConfigFileName)));
        var tensors = SafetensorsFile.Read(path);
        var heads = tensors.Where(pair => PeftModulesToSave.IsSaved(pair.Key, modules)).ToDictionary(StringComparer.Ordinal);
        LoadWeights(adapters, tensors.Where(pair => !heads.ContainsKey(pair.Key)).ToDictionary(StringComparer.Ordinal), path);
        PeftModulesToSave.Load(model, modules, heads, path);
        return adapters;
    }

    /// <summary>Copies A/B tensors named as PEFT names them, saved (lora_A.weight) or in memory (lora_A.default.weight).</summary>
    public static void LoadWeights(IReadOnlyDictionary<string, LoraLinear> adapters, IReadOnlyDictionary<string, torch.Tensor> tensors, string source)
    {
        var byName = tensors.ToDictionary(pair => pair.Key.Replace(".default.", ".", StringComparison.Ordinal), pair => pair.Value, StringComparer.Ordinal);
        ExactTensorCopy.Copy(AdapterTensors(adapters), byName, source, "adapter");
    }
}
