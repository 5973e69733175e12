using System.Buffers.Binary;
using System.Text;

namespace KubeTune.Trainer.Import;

/// <summary>
/// Reads protobuf wire format fields from a byte range, enough for the ONNX messages the importer needs;
/// a malformed message is an <see cref="InvalidInputException"/> naming the file and the byte offset.
/// </summary>
public sealed class ProtobufReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly byte[] buffer;
    private readonly int end;
    private readonly string source;
    private int position;

    public ProtobufReader(byte[] buffer, string source)
        : this(buffer, 0, buffer.Length, source)
    {
    }

    private ProtobufReader(byte[] buffer, int start, int end, string source)
    {
        this.buffer = buffer;
        position = start;
        this.end = end;
        this.source = source;
    }

    public bool AtEnd => position >= end;

    /// <summary>The next field's number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = (int)(tag >> 3);
        var wireType = (int)(tag & 7);
        if (field == 0 || wireType is not (Varint or Fixed64 or LengthDelimited or Fixed32))
        {
            throw Malformed($"invalid field tag {tag}");
        }
        return (field, wireType);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var current = ReadByte();
            result |= (ulong)(current & 0x7F) << shift;
            if (current < 0x80)
            {
                return result;
            }
        }
        throw Malformed("varint longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public float ReadFloat()
    {
        var bytes = Take(4);
        return BinaryPrimitives.ReadSingleLittleEndian(bytes);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public ReadOnlySpan<byte> ReadBytes() => Take(ReadLength());

    /// <summary>A reader over the embedded message that is the current field's value.</summary>
    public ProtobufReader ReadMessage()
    {
        var length = ReadLength();
        var start = position;
        position += length;
        return new ProtobufReader(buffer, start, start + length, source);
    }

    /// <summary>The values of a repeated int64 field, packed or not.</summary>
    public void ReadInt64s(int wireType, List<long> into)
    {
        if (wireType != LengthDelimited)
        {
            into.Add(ReadInt64());
            return;
        }
        var packed = ReadMessage();
        while (!packed.AtEnd)
        {
            into.Add(packed.ReadInt64());
        }
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                Take(ReadLength());
                break;
        }
    }

    public InvalidInputException Malformed(string what) => new($"{source}: not a valid ONNX (protobuf) file: {what} at byte {position}");

    private int ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)(end - position))
        {
            throw Malformed($"field length {length} runs past the end of its message");
        }
        return (int)length;
    }

    private byte ReadByte() => position < end ? buffer[position++] : throw Malformed("unexpected end of data");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > end - position)
        {
            throw Malformed("unexpected end of data");
        }
        var span = buffer.AsSpan(position, count);
        position += count;
        return span;
    }
}
