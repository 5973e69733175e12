using System.Text.Json.Nodes;
using KubeTune.Trainer.Models.Bert;

namespace KubeTune.Trainer.Models.ResNet;

/// <summary>The fields of a Hugging Face ResNet <c>config.json</c> that shape the network, with transformers' defaults.</summary>
public sealed record ResNetConfig(
    int NumChannels,
    int EmbeddingSize,
    IReadOnlyList<int> HiddenSizes,
    IReadOnlyList<int> Depths,
    string LayerType,
    string HiddenAct,
    bool DownsampleInFirstStage,
    bool DownsampleInBottleneck,
    int NumLabels,
    bool AsymmetricStridedPadding = false)
{
    public const string BasicLayer = "basic";
    public const string BottleneckLayer = "bottleneck";

    /// <summary>
    /// KubeTune extension (default false): strided convolutions and the stem max pool pad kernel/2 at the top/left and
    /// kernel/2 - (stride - 1) at the bottom/right, as CNTK-exported ONNX ResNets do, instead of kernel/2 on every side.
    /// </summary>
    public const string AsymmetricStridedPaddingField = "asymmetric_strided_padding";

    public static ResNetConfig From(HfConfig config)
    {
        var resnet = new ResNetConfig(
            NumChannels: config.GetSize("num_channels", 3, ModelBounds.MaxChannels),
            EmbeddingSize: config.GetSize("embedding_size", 64, ModelBounds.MaxChannels),
            HiddenSizes: IntList(config, "hidden_sizes", [256, 512, 1024, 2048]),
            Depths: IntList(config, "depths", [3, 4, 6, 3]),
            LayerType: config.GetString("layer_type") ?? BottleneckLayer,
            HiddenAct: config.GetString("hidden_act") ?? "relu",
            DownsampleInFirstStage: config.GetBool("downsample_in_first_stage", false),
            DownsampleInBottleneck: config.GetBool("downsample_in_bottleneck", false),
            NumLabels: config.Labels.Count,
            AsymmetricStridedPadding: config.GetBool(AsymmetricStridedPaddingField, false));
        if (resnet.LayerType is not (BasicLayer or BottleneckLayer))
        {
            throw new InvalidInputException(
                $"{config.Source}: layer_type '{resnet.LayerType}' is not supported; supported: {BasicLayer}, {BottleneckLayer}");
        }
        if (resnet.HiddenSizes.Count == 0 || resnet.HiddenSizes.Count != resnet.Depths.Count)
        {
            throw new InvalidInputException(
                $"{config.Source}: hidden_sizes ({resnet.HiddenSizes.Count} entries) and depths ({resnet.Depths.Count} entries) must be non-empty and equally long");
        }
        if (resnet.Depths.Any(depth => depth is < 1 or > ModelBounds.MaxLayers) || resnet.HiddenSizes.Any(size => size is < 1 or > ModelBounds.MaxChannels))
        {
            throw new InvalidInputException(
                $"{config.Source}: every entry of depths must be between 1 and {ModelBounds.MaxLayers} and of hidden_sizes between 1 and {ModelBounds.MaxChannels}");
        }
        if (resnet.NumLabels < 1)
        {
            throw new InvalidInputException($"{config.Source}: a classifier needs at least one label (id2label / num_labels)");
        }
        HfActivation.Validate(resnet.HiddenAct, config.Source);
        return resnet;
    }

    private static int[] IntList(HfConfig config, string name, int[] fallback)
    {
        var node = config.Json[name];
        if (node is null)
        {
            return fallback;
        }
        if (node is not JsonArray array)
        {
            throw new InvalidInputException($"{config.Source}: field '{name}' must be an array of integers, got {node.ToJsonString()}");
        }
        return array.Select(item => item is JsonValue value && value.TryGetValue<int>(out var number)
            ? number
            : throw new InvalidInputException($"{config.Source}: field '{name}' must be an array of integers, got {node.ToJsonString()}")).ToArray();
    }
}
