using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.ResNet;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Import;

/// <summary>
/// Converts an ONNX ResNet (and optionally its preprocessing graph) into a Hugging Face ResNet directory:
/// config.json, model.safetensors and preprocessor_config.json, loadable by <see cref="PretrainedModelLoader"/>.
/// </summary>
public static class OnnxResNetImporter
{
    public const string PreprocessorConfigFileName = "preprocessor_config.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="randomInitSeed">When set, the graph gives only the architecture: the weights are freshly initialised with this seed.</param>
    public static OnnxImportSummary Import(string onnxPath, string? preprocessPath, string outputDirectory, int? numLabels, long? randomInitSeed = null)
    {
        if (numLabels is < 1)
        {
            throw new InvalidInputException($"import-onnx: --num-labels must be at least 1, got {numLabels}");
        }
        var network = OnnxResNetGraphWalker.Walk(OnnxReader.Read(onnxPath));
        var preprocessing = preprocessPath is null ? null : PixelPreprocessingReader.Read(OnnxReader.Read(preprocessPath), network.NumChannels);

        var configPath = Path.Combine(outputDirectory, PretrainedModelLoader.ConfigFileName);
        var config = new HfConfig(BuildConfig(network), configPath);
        if (numLabels is { } count)
        {
            config = config.WithLabels(Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"LABEL_{i}")).ToList());
        }

        using var scope = torch.NewDisposeScope();
        using var model = ModelRegistry.Default.Create(config);
        var imported = randomInitSeed is { } seed
            ? ResNetRandomInit.Build(BaseShapes(model), seed)
            : OnnxResNetStateDict.Build(network, preprocessing?.SourceChannel);
        var tensors = CopyInto(model, imported, onnxPath, keepHead: numLabels is not null);

        Directory.CreateDirectory(outputDirectory);
        SafetensorsCheckpoint.WriteDirectory(outputDirectory, tensors);
        config.Json["dtype"] = "float32";
        config.Save(configPath);

        IReadOnlyList<double>? imageMean = null;
        double deviation = 0;
        if (preprocessing is not null)
        {
            (imageMean, deviation) = ChannelMeans(preprocessing);
            var preprocessor = BuildPreprocessorConfig(network, imageMean);
            File.WriteAllText(Path.Combine(outputDirectory, PreprocessorConfigFileName), preprocessor.ToJsonString(Indented) + "\n");
        }

        var bytes = tensors.Values.Sum(tensor => tensor.NumberOfElements * tensor.ElementSize);
        return new OnnxImportSummary(outputDirectory, network, tensors.Count, bytes, imageMean, deviation, numLabels, randomInitSeed);
    }

    private static Dictionary<string, long[]> BaseShapes(PretrainedModel model) =>
        model.state_dict()
            .Where(pair => !IsHead(model, pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value.shape, StringComparer.Ordinal);

    private static JsonObject BuildConfig(OnnxResNet network) => new()
    {
        ["model_type"] = "resnet",
        ["architectures"] = new JsonArray("ResNetForImageClassification"),
        ["num_channels"] = network.NumChannels,
        ["embedding_size"] = network.EmbeddingSize,
        ["hidden_sizes"] = new JsonArray(network.HiddenSizes.Select(size => (JsonNode)size).ToArray()),
        ["depths"] = new JsonArray(network.Depths.Select(depth => (JsonNode)depth).ToArray()),
        ["layer_type"] = network.LayerType,
        ["hidden_act"] = "relu",
        ["downsample_in_first_stage"] = network.DownsampleInFirstStage,
        ["downsample_in_bottleneck"] = network.DownsampleInBottleneck,
        [ResNetConfig.AsymmetricStridedPaddingField] = network.AsymmetricStridedPadding,
        ["image_size"] = network.Input.Dims[2] > 0 ? network.Input.Dims[2] : 224,
    };

    private static Dictionary<string, torch.Tensor> CopyInto(PretrainedModel model, Dictionary<string, torch.Tensor> imported, string source, bool keepHead)
    {
        var targets = model.state_dict();
        var unknown = imported.Keys.Where(name => !targets.ContainsKey(name)).ToList();
        var missing = targets.Keys.Where(name => !imported.ContainsKey(name) && !IsHead(model, name)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new InvalidInputException($"{source}: the graph does not fill {model.Architecture}: missing [{string.Join(", ", missing)}], extra [{string.Join(", ", unknown)}]");
        }
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in imported)
        {
            if (!targets[name].shape.SequenceEqual(tensor.shape))
            {
                throw new InvalidInputException(
                    $"{source}: weight for '{name}' has shape [{string.Join(", ", tensor.shape)}], the Hugging Face layout needs [{string.Join(", ", targets[name].shape)}]");
            }
            targets[name].copy_(tensor);
        }
        // The head keeps its fresh PyTorch-default initialisation when labels are asked for; otherwise only the base is written.
        return targets.Where(pair => keepHead || !IsHead(model, pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
    }

    private static bool IsHead(PretrainedModel model, string name) =>
        model.TaskHeadPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    private static (IReadOnlyList<double> Means, double MaxDeviation) ChannelMeans(PixelPreprocessing preprocessing)
    {
        var mean = preprocessing.MeanInPixelOrder();
        var plane = (int)(preprocessing.Height * preprocessing.Width);
        var means = new double[preprocessing.Channels];
        double deviation = 0;
        for (var c = 0; c < means.Length; c++)
        {
            var values = mean.AsSpan(c * plane, plane).ToArray();
            means[c] = values.Average(value => (double)value);
            deviation = Math.Max(deviation, values.Max(value => Math.Abs(value - means[c])));
        }
        return (means, deviation);
    }

    // Hugging Face semantics: pixel_values = (pixel * rescale_factor - image_mean) / image_std, i.e. pixel - mean in 0-255 units.
    private static JsonObject BuildPreprocessorConfig(OnnxResNet network, IReadOnlyList<double> imageMean)
    {
        var height = network.Input.Dims[2] > 0 ? network.Input.Dims[2] : 224;
        var width = network.Input.Dims[3] > 0 ? network.Input.Dims[3] : 224;
        return new JsonObject
        {
            ["image_processor_type"] = "ViTImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = height, ["width"] = width },
            ["resample"] = 2,
            ["do_rescale"] = true,
            ["rescale_factor"] = 1.0 / 255,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(imageMean.Select(value => (JsonNode)(value / 255)).ToArray()),
            ["image_std"] = new JsonArray(imageMean.Select(_ => (JsonNode)(1.0 / 255)).ToArray()),
        };
    }
}
