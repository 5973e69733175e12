using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;

namespace KubeTune.Trainer.Models.Safetensors;

/// <summary>
/// Reads and writes one .safetensors file: an 8-byte little-endian header length, a JSON header
/// (name to dtype, shape, data_offsets) and the raw little-endian tensor bytes.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Every tensor of the file, on the CPU, in its stored dtype.</summary>
    public static Dictionary<string, torch.Tensor> Read(string path)
    {
        using var stream = OpenForRead(path);
        var (header, dataStart) = ReadHeader(stream, path);
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                continue;
            }

            tensors[name] = ReadTensor(stream, dataStart, name, node as JsonObject, path);
        }

        return tensors;
    }

    /// <summary>The tensor names of a file, without reading its data.</summary>
    public static IReadOnlyList<string> ReadNames(string path)
    {
        using var stream = OpenForRead(path);
        return ReadHeader(stream, path).Header.Select(pair => pair.Key).Where(name => name != "__metadata__").ToList();
    }

    /// <summary>Writes the tensors (any device, any supported dtype) in name order, with <c>{"format": "pt"}</c> metadata.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors)
    {
        var ordered = tensors.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        var contiguous = new List<torch.Tensor>(ordered.Count);
        foreach (var (name, tensor) in ordered)
        {
            var cpu = tensor.detach().cpu().contiguous();
            contiguous.Add(cpu);
            var size = cpu.NumberOfElements * cpu.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = SafetensorsDType.NameOf(cpu.dtype),
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }

        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        // The format pads the header with spaces so the data starts 8-byte aligned.
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var tensor in contiguous)
        {
            if (tensor.NumberOfElements > 0)
            {
                stream.Write(tensor.bytes);
            }

            tensor.Dispose();
        }
    }

    private static FileStream OpenForRead(string path) =>
        File.Exists(path) ? File.OpenRead(path) : throw new InvalidInputException($"{path}: safetensors file not found");

    private static (JsonObject Header, long DataStart) ReadHeader(FileStream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8 || stream.Read(lengthBytes) != 8)
        {
            throw new InvalidInputException($"{path}: not a safetensors file (shorter than 8 bytes)");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (length <= 0 || length > MaxHeaderBytes || 8 + length > stream.Length)
        {
            throw new InvalidInputException($"{path}: not a safetensors file (header length {length})");
        }

        var headerBytes = new byte[length];
        stream.ReadExactly(headerBytes);
        try
        {
            return JsonNode.Parse(headerBytes) is JsonObject header
                ? (header, 8 + length)
                : throw new InvalidInputException($"{path}: safetensors header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: safetensors header is not valid JSON: {e.Message}", e);
        }
    }

    private static torch.Tensor ReadTensor(FileStream stream, long dataStart, string name, JsonObject? info, string path)
    {
        if (info?["dtype"]?.GetValue<string>() is not { } dtypeName
            || info["shape"] is not JsonArray shapeNode
            || info["data_offsets"] is not JsonArray offsets || offsets.Count != 2)
        {
            throw new InvalidInputException($"{path}: tensor '{name}' lacks dtype, shape or data_offsets");
        }

        var dtype = SafetensorsDType.Parse(dtypeName, path);
        var shape = shapeNode.Select(d => d!.GetValue<long>()).ToArray();
        var begin = offsets[0]!.GetValue<long>();
        var end = offsets[1]!.GetValue<long>();
        var tensor = torch.empty(shape, dtype);
        var expected = tensor.NumberOfElements * tensor.ElementSize;
        if (end - begin != expected || dataStart + end > stream.Length)
        {
            tensor.Dispose();
            throw new InvalidInputException(
                $"{path}: tensor '{name}' ({dtypeName} [{string.Join(", ", shape)}]) needs {expected} bytes, data_offsets give {end - begin} within a file of {stream.Length}");
        }

        if (expected > 0)
        {
            stream.Position = dataStart + begin;
            stream.ReadExactly(tensor.bytes);
        }

        return tensor;
    }
}
