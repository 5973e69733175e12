using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeTune.E2E.Tests.Support;

/// <summary>Writes and reads the safetensors layout (little-endian header length, JSON header, raw data) for tiny test tensors.</summary>
internal static class TinySafetensors
{
    public static byte[] Int64(string name, long[] shape, long[] values)
    {
        var header = new JsonObject
        {
            [name] = new JsonObject { ["dtype"] = "I64", ["shape"] = new JsonArray([.. shape.Select(size => (JsonNode)size)]), ["data_offsets"] = new JsonArray(0, values.Length * 8) },
        };
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var bytes = new byte[8 + json.Length + (values.Length * 8)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, json.Length);
        json.CopyTo(bytes, 8);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 + json.Length + (i * 8)), values[i]);
        }

        return bytes;
    }

    /// <summary>The header of a safetensors file: tensor name to dtype, shape and offsets.</summary>
    public static JsonObject Header(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        stream.ReadExactly(length);
        var json = new byte[BinaryPrimitives.ReadInt64LittleEndian(length)];
        stream.ReadExactly(json);
        return JsonNode.Parse(json)!.AsObject();
    }
}
