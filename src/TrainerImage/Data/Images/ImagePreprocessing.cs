using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Data.Images;

/// <summary>
/// How images become pixel_values, from the model's preprocessor_config.json: resize (size {height,width}, or
/// shortest_edge with crop_pct then a centre crop), rescale (rescale_factor, 1/255) and normalise (image_mean,
/// image_std). Without the file: image_size from config.json (else 224) and the ImageNet mean and std.
/// Channels is config.json's num_channels (default 3); grey images are repeated to 3 channels.
/// </summary>
internal sealed record ImagePreprocessing(int Height, int Width, int Channels, float[] Mean, float[] Std, float RescaleFactor, int? ShortestEdge, double? CropPct)
{
    public const string FileName = "preprocessor_config.json";

    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public static ImagePreprocessing Load(string modelDirectory, HfConfig modelConfig)
    {
        var channels = modelConfig.GetInt("num_channels", 3);
        if (channels is not (1 or 3))
        {
            throw new InvalidInputException($"{modelConfig.Source}: num_channels {channels} is not supported (1 or 3)");
        }

        var side = modelConfig.GetInt("image_size", 224);
        var path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path))
        {
            return new ImagePreprocessing(side, side, channels, Fit(ImageNetMean, channels), Fit(ImageNetStd, channels), 1f / 255, null, null);
        }

        JsonObject settings;
        try
        {
            settings = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidInputException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }

        var (height, width, shortest) = settings["size"] switch
        {
            JsonObject size when size["height"] is not null && size["width"] is not null => (Int(size, "height", path), Int(size, "width", path), (int?)null),
            JsonObject size when size["shortest_edge"] is not null => (Int(size, "shortest_edge", path), Int(size, "shortest_edge", path), Int(size, "shortest_edge", path)),
            JsonValue value when value.TryGetValue<int>(out var square) => (square, square, (int?)null),
            null => (side, side, (int?)null),
            var other => throw new InvalidInputException($"{path}: field 'size' must be {{height, width}}, {{shortest_edge}} or a number, got {other.ToJsonString()}"),
        };
        if (settings["crop_size"] is JsonObject crop && crop["height"] is not null && crop["width"] is not null)
        {
            (height, width) = (Int(crop, "height", path), Int(crop, "width", path));
        }

        var normalise = settings["do_normalize"]?.GetValue<bool>() ?? true;
        var rescale = settings["do_rescale"]?.GetValue<bool>() ?? true;
        var mean = normalise ? Floats(settings["image_mean"], path, "image_mean") ?? ImageNetMean : [0f];
        var std = normalise ? Floats(settings["image_std"], path, "image_std") ?? ImageNetStd : [1f];
        var factor = rescale ? (float)(settings["rescale_factor"]?.GetValue<double>() ?? 1.0 / 255) : 1f;
        var cropPct = shortest is not null ? settings["crop_pct"]?.GetValue<double>() : null;
        return new ImagePreprocessing(height, width, channels, Fit(mean, channels), Fit(std, channels), factor, shortest, cropPct);
    }

    private static int Int(JsonObject node, string name, string path) =>
        node[name] is JsonValue value && value.TryGetValue<int>(out var number) && number > 0
            ? number
            : throw new InvalidInputException($"{path}: field '{name}' must be a positive integer");

    private static float[]? Floats(JsonNode? node, string path, string name) => node switch
    {
        null => null,
        JsonArray array when array.Count is 1 or 3 && array.All(item => item is JsonValue) => array.Select(item => (float)item!.GetValue<double>()).ToArray(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => [(float)value.GetValue<double>()],
        _ => throw new InvalidInputException($"{path}: field '{name}' must be a number or a list of 1 or 3 numbers"),
    };

    private static float[] Fit(float[] values, int channels) =>
        values.Length == channels ? values
        : values.Length == 1 ? Enumerable.Repeat(values[0], channels).ToArray()
        : [values.Average()];
}
