using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Models.Safetensors;

/// <summary>
/// Checks a parsed safetensors header before anything is allocated: every entry an object with a string dtype, a shape
/// of non-negative integers and exactly two integer offsets inside the data section, its byte length equal to the
/// shape's element count times the dtype's size (overflow checked), and no two tensors sharing bytes.
/// </summary>
public static class SafetensorsHeader
{
    private const string MetadataKey = "__metadata__";

    public static IReadOnlyList<SafetensorsEntry> Check(JsonObject header, long dataLength, string path)
    {
        var entries = new List<SafetensorsEntry>(header.Count);
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                continue;
            }

            entries.Add(Entry(name, node, dataLength, path));
        }

        SafetensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.ByteLength > 0).OrderBy(e => e.Begin))
        {
            if (previous is not null && entry.Begin < previous.End)
            {
                throw new InvalidInputException(
                    $"{path}: tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous.Name}' [{previous.Begin}, {previous.End}]");
            }

            previous = entry;
        }

        return entries;
    }

    private static SafetensorsEntry Entry(string name, JsonNode? node, long dataLength, string path)
    {
        string Where(string field) => $"{path}: tensor '{name}' field '{field}'";
        if (node is not JsonObject info)
        {
            throw new InvalidInputException($"{path}: tensor '{name}' must be an object with dtype, shape and data_offsets, got {Show(node)}");
        }

        if (info["dtype"] is not JsonValue dtypeNode || dtypeNode.GetValueKind() != JsonValueKind.String)
        {
            throw new InvalidInputException($"{Where("dtype")} must be a string, got {Show(info["dtype"])}");
        }

        var dtypeName = dtypeNode.GetValue<string>();
        var dtype = SafetensorsDType.Parse(dtypeName, $"{path}: tensor '{name}'");
        if (info["shape"] is not JsonArray shapeNode)
        {
            throw new InvalidInputException($"{Where("shape")} must be an array of non-negative integers, got {Show(info["shape"])}");
        }

        var shape = shapeNode.Select(d => Integer(d) is { } size and >= 0
            ? size
            : throw new InvalidInputException($"{Where("shape")} must be an array of non-negative integers, got {Show(shapeNode)}")).ToArray();
        if (info["data_offsets"] is not JsonArray offsets || offsets.Count != 2
            || Integer(offsets[0]) is not { } begin || Integer(offsets[1]) is not { } end)
        {
            throw new InvalidInputException($"{Where("data_offsets")} must be two integers [begin, end], got {Show(info["data_offsets"])}");
        }

        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new InvalidInputException($"{Where("data_offsets")} [{begin}, {end}] lie outside the data section of {dataLength} bytes");
        }

        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (product, size) => product * size) * SafetensorsDType.SizeOf(dtype));
        }
        catch (OverflowException)
        {
            throw new InvalidInputException($"{Where("shape")} [{string.Join(", ", shape)}] has more elements than a tensor can hold");
        }

        if (end - begin != expected)
        {
            throw new InvalidInputException(
                $"{Where("data_offsets")} [{begin}, {end}] give {end - begin} bytes; {dtypeName} [{string.Join(", ", shape)}] needs {expected}");
        }

        return new SafetensorsEntry(name, dtypeName, dtype, shape, begin, end);
    }

    /// <summary>An integral JSON number (1e3 written as a float counts only when exact), else null.</summary>
    private static long? Integer(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var integer))
        {
            return integer;
        }

        return value.TryGetValue<double>(out var real) && Math.Floor(real) == real && Math.Abs(real) < 9e15 ? (long)real : null;
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "nothing";
        return text.Length <= 80 ? text : text[..80] + "...";
    }
}
