using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>
/// Rotary embedding settings: rope_theta and rope_scaling (transformers 4) or rope_parameters (transformers 5).
/// Supported types: default, linear, dynamic (NTK) and llama3.
/// </summary>
public sealed record RopeSettings(
    int Dimension,
    double Theta,
    string Type,
    double Factor,
    double LowFrequencyFactor,
    double HighFrequencyFactor,
    int OriginalMaxPositions,
    int MaxPositions)
{
    public static readonly IReadOnlyList<string> SupportedTypes = ["default", "linear", "dynamic", "llama3"];

    public static RopeSettings From(HfConfig config, int headDim)
    {
        var parameters = config.GetObject("rope_parameters") ?? config.GetObject("rope_scaling");
        var field = config.Json["rope_parameters"] is JsonObject ? "rope_parameters" : "rope_scaling";
        var theta = Number(parameters, "rope_theta", config) ?? config.GetDouble("rope_theta", 10000.0);
        var type = Text(parameters, "rope_type", config) ?? Text(parameters, "type", config) ?? "default";
        if (!SupportedTypes.Contains(type))
        {
            throw new InvalidInputException($"{config.Source}: {field}.rope_type '{type}' is not supported ({string.Join(", ", SupportedTypes)})");
        }

        var maxPositions = config.GetSize("max_position_embeddings", 2048, ModelBounds.MaxPositions);
        var partial = config.GetDouble("partial_rotary_factor", 1.0);
        return new RopeSettings(
            (int)(headDim * partial),
            theta,
            type,
            Number(parameters, "factor", config) ?? 1.0,
            Number(parameters, "low_freq_factor", config) ?? 1.0,
            Number(parameters, "high_freq_factor", config) ?? 4.0,
            (int)(Number(parameters, "original_max_position_embeddings", config) ?? maxPositions),
            maxPositions);
    }

    private static double? Number(JsonObject? parameters, string name, HfConfig config)
    {
        var node = parameters?[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<double>(out var number)
            ? number
            : throw new InvalidInputException($"{config.Source}: rope field '{name}' must be a number, got {node.ToJsonString()}");
    }

    private static string? Text(JsonObject? parameters, string name, HfConfig config)
    {
        var node = parameters?[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidInputException($"{config.Source}: rope field '{name}' must be a string, got {node.ToJsonString()}");
    }
}
