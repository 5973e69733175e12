using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Models.Safetensors;

/// <summary>
/// Reads and writes one .safetensors file: an 8-byte little-endian header length, a JSON header
/// (name to dtype, shape, data_offsets) and the raw little-endian tensor bytes.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Every tensor of the file, on the CPU, in its stored dtype; the header is checked before anything is allocated.</summary>
    public static Dictionary<string, torch.Tensor> Read(string path)
    {
        using var stream = OpenForRead(path);
        var (entries, dataStart) = ReadEntries(stream, path);
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                tensors[entry.Name] = ReadTensor(stream, dataStart, entry, path);
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return tensors;
    }

    /// <summary>The tensor names of a file, without reading its data.</summary>
    public static IReadOnlyList<string> ReadNames(string path) => ReadEntries(path).Select(entry => entry.Name).ToList();

    /// <summary>The checked header entries of a file, without reading its data.</summary>
    public static IReadOnlyList<SafetensorsEntry> ReadEntries(string path)
    {
        using var stream = OpenForRead(path);
        return ReadEntries(stream, path).Entries;
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
        using var stream = NoFollowFiles.Create(path);
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

    private static (IReadOnlyList<SafetensorsEntry> Entries, long DataStart) ReadEntries(FileStream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8 || stream.Read(lengthBytes) != 8)
        {
            throw new InvalidInputException($"{path}: not a safetensors file (shorter than 8 bytes)");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (length <= 0 || length > MaxHeaderBytes || 8 + length > stream.Length)
        {
            throw new InvalidInputException($"{path}: not a safetensors file (header length {length} in a file of {stream.Length} bytes)");
        }

        var headerBytes = new byte[length];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject
                ?? throw new InvalidInputException($"{path}: safetensors header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: safetensors header is not valid JSON: {e.Message}", e);
        }

        return (SafetensorsHeader.Check(header, stream.Length - 8 - length, path), 8 + length);
    }

    private static torch.Tensor ReadTensor(FileStream stream, long dataStart, SafetensorsEntry entry, string path)
    {
        var tensor = torch.empty(entry.Shape, entry.DType);
        try
        {
            if (entry.ByteLength > 0)
            {
                stream.Position = dataStart + entry.Begin;
                stream.ReadExactly(tensor.bytes);
            }
        }
        catch (EndOfStreamException e)
        {
            tensor.Dispose();
            throw new InvalidInputException($"{path}: tensor '{entry.Name}' ends past the end of the file", e);
        }

        return tensor;
    }
}
