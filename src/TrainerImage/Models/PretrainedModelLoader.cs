using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>Loads a Hugging Face model directory: config.json picks the architecture, safetensors give the weights.</summary>
public static class PretrainedModelLoader
{
    public const string ConfigFileName = "config.json";

    /// <summary>
    /// Builds the model on the CPU, loads its weights, then moves it to <paramref name="device"/> (CPU when null).
    /// <paramref name="labels"/> replaces the config's labels (the fine-tuning task's classes);
    /// <paramref name="architecture"/> forces a head class (e.g. BertForSequenceClassification).
    /// </summary>
    public static PretrainedModel Load(
        string directory,
        torch.Device? device = null,
        IReadOnlyList<string>? labels = null,
        string? architecture = null,
        ModelRegistry? registry = null,
        Action<string>? warn = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException($"{directory}: model directory not found");
        }

        var config = HfConfig.Load(Path.Combine(directory, ConfigFileName));
        if (labels is not null)
        {
            config = config.WithLabels(labels);
        }

        registry ??= ModelRegistry.Default;
        Preflight(directory, config, architecture, registry);
        var model = registry.Create(config, architecture);
        var checkpoint = SafetensorsCheckpoint.ReadDirectory(directory);
        try
        {
            StateDictLoader.Load(model, checkpoint, directory, warn ?? (message => Console.Error.WriteLine($"warning: {message}")));
        }
        finally
        {
            foreach (var tensor in checkpoint.Values)
            {
                tensor.Dispose();
            }
        }

        if (device is not null && device.type != DeviceType.CPU)
        {
            model.to(device);
        }

        return model;
    }

    /// <summary>
    /// Checks config.json (sizes, bounds, divisibility) and every safetensors header, and refuses a model that cannot fit
    /// in memory, all before anything is allocated; <paramref name="availableBytes"/> defaults to the machine's or pod's.
    /// </summary>
    public static void Preflight(string directory, HfConfig config, string? architecture = null, ModelRegistry? registry = null, long? availableBytes = null)
    {
        var (family, name) = (registry ?? ModelRegistry.Default).Resolve(config, architecture);
        var parameters = family.ParameterCount(config, name);
        var tensorBytes = SafetensorsCheckpoint.TensorBytes(directory);
        ModelMemory.Check(config.Source, parameters, tensorBytes, availableBytes ?? ModelMemory.AvailableBytes());
    }
}
