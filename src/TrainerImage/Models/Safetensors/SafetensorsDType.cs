using TorchSharp;

namespace KubeTune.Trainer.Models.Safetensors;

/// <summary>The safetensors dtype names and their torch scalar types.</summary>
public static class SafetensorsDType
{
    private static readonly Dictionary<string, torch.ScalarType> ByName = new(StringComparer.Ordinal)
    {
        ["F64"] = torch.ScalarType.Float64,
        ["F32"] = torch.ScalarType.Float32,
        ["F16"] = torch.ScalarType.Float16,
        ["BF16"] = torch.ScalarType.BFloat16,
        ["I64"] = torch.ScalarType.Int64,
        ["I32"] = torch.ScalarType.Int32,
        ["I16"] = torch.ScalarType.Int16,
        ["I8"] = torch.ScalarType.Int8,
        ["U8"] = torch.ScalarType.Byte,
        ["BOOL"] = torch.ScalarType.Bool,
    };

    public static torch.ScalarType Parse(string name, string source) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidInputException($"{source}: unsupported safetensors dtype '{name}' (supported: {string.Join(", ", ByName.Keys)})");

    /// <summary>Bytes per element.</summary>
    public static int SizeOf(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float64 or torch.ScalarType.Int64 => 8,
        torch.ScalarType.Float32 or torch.ScalarType.Int32 => 4,
        torch.ScalarType.Float16 or torch.ScalarType.BFloat16 or torch.ScalarType.Int16 => 2,
        torch.ScalarType.Int8 or torch.ScalarType.Byte or torch.ScalarType.Bool => 1,
        _ => throw new ArgumentException($"no safetensors dtype for {type}", nameof(type)),
    };

    public static string NameOf(torch.ScalarType type) =>
        ByName.FirstOrDefault(pair => pair.Value == type).Key
        ?? throw new ArgumentException($"no safetensors dtype for {type}", nameof(type));
}
