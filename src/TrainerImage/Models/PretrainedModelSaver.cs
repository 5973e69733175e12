using System.Text.Json.Nodes;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Models;

/// <summary>Writes a model in the layout <c>from_pretrained</c> reads: config.json, safetensors, tokenizer files.</summary>
public static class PretrainedModelSaver
{
    /// <summary>The files next to the weights that describe how to feed the model; copied as they are.</summary>
    public static readonly IReadOnlyList<string> AuxiliaryFiles =
    [
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json",
        "merges.txt", "tokenizer.model", "added_tokens.json", Data.ChatTemplate.TemplateFileName, GenerationConfigFile.FileName, "preprocessor_config.json",
    ];

    public static void Save(PretrainedModel model, string directory, string? sourceDirectory = null, long maxShardBytes = SafetensorsCheckpoint.DefaultMaxShardBytes)
    {
        NoFollowFiles.CreateDirectory(directory);
        var tensors = model.state_dict()
            .Where(pair => !model.TiedParameters.ContainsKey(pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        SafetensorsCheckpoint.WriteDirectory(directory, tensors, maxShardBytes);

        var config = (JsonObject)model.Config.Json.DeepClone();
        config["architectures"] = new JsonArray(model.Architecture);
        var dtype = tensors.Values.FirstOrDefault(t => t.is_floating_point())?.dtype ?? torch.ScalarType.Float32;
        config["dtype"] = DTypeName(dtype);
        new HfConfig(config, Path.Combine(directory, PretrainedModelLoader.ConfigFileName))
            .Save(Path.Combine(directory, PretrainedModelLoader.ConfigFileName));

        if (sourceDirectory is not null && Path.GetFullPath(sourceDirectory) != Path.GetFullPath(directory))
        {
            foreach (var name in AuxiliaryFiles)
            {
                var source = Path.Combine(sourceDirectory, name);
                if (File.Exists(source))
                {
                    NoFollowFiles.Copy(source, Path.Combine(directory, name));
                }
            }
        }
    }

    private static string DTypeName(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.BFloat16 => "bfloat16",
        torch.ScalarType.Float16 => "float16",
        torch.ScalarType.Float64 => "float64",
        _ => "float32",
    };
}
