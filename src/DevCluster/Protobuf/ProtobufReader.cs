using System.Text;

namespace KubeTune.DevCluster.Protobuf;

/// <summary>Reads protobuf wire format: a sequence of (field number, wire type, value); enough for Kubernetes' protobuf bodies.</summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field's tag; the caller then reads its value with the method matching <paramref name="wireType"/>.</summary>
    public void ReadTag(out int field, out int wireType)
    {
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = Next();
            value |= (ulong)(next & 0x7f) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("protobuf: varint longer than 64 bits");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = (int)ReadVarint();
        if (length < 0 || _position + length > _data.Length)
        {
            throw new FormatException($"protobuf: field length {length} runs past the end of the body");
        }

        var bytes = _data.Slice(_position, length);
        _position += length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Skips a value of a field this reader does not need.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                ReadBytes();
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new FormatException($"protobuf: unsupported wire type {wireType}");
        }
    }

    private void Advance(int count)
    {
        if (_position + count > _data.Length)
        {
            throw new FormatException("protobuf: value runs past the end of the body");
        }

        _position += count;
    }

    private byte Next() => _position < _data.Length ? _data[_position++] : throw new FormatException("protobuf: truncated body");
}
