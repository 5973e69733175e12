using System.Buffers.Binary;
using Google.Protobuf;
using static Google.Protobuf.WireFormat;

namespace KubeTune.Trainer.Import;

/// <summary>
/// Reads an ONNX model file (ModelProto) into an <see cref="OnnxGraph"/>: nodes with their attributes, float
/// initializers (float_data or raw_data), graph inputs and outputs. Field numbers are those of onnx.proto; the wire
/// format is Google.Protobuf's <see cref="CodedInputStream"/>, and a malformed file is an error naming the file and what is wrong.
/// </summary>
public static class OnnxReader
{
    public static OnnxGraph Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: ONNX file not found");
        }
        var input = new CodedInputStream(File.ReadAllBytes(path));
        var producer = "";
        OnnxGraph? graph = null;
        try
        {
            while (ReadField(input) is (not 0 and var field, var wireType))
            {
                switch (field, wireType)
                {
                    case (2, WireType.LengthDelimited):
                        producer = input.ReadString();
                        break;
                    case (7, WireType.LengthDelimited):
                        graph = ReadEmbedded(input, graphInput => ReadGraph(graphInput, path, producer));
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException error)
        {
            // No byte offset: CodedInputStream does not always advance Position before it throws.
            throw new InvalidInputException($"{path}: not a valid ONNX (protobuf) file: {error.Message}");
        }
        if (graph is null || graph.Nodes.Count == 0)
        {
            throw new InvalidInputException($"{path}: not an ONNX model (it holds no graph with nodes)");
        }
        return graph with { Producer = producer };
    }

    // The next field's number and wire type; field 0 at the end of the current message.
    private static (int Field, WireType WireType) ReadField(CodedInputStream input)
    {
        var tag = input.ReadTag();
        return (GetTagFieldNumber(tag), GetTagWireType(tag));
    }

    // The current field's value is an embedded message: read sees its end as the end of input, then the enclosing one goes on.
    private static void ReadEmbedded(CodedInputStream input, Action<CodedInputStream> read) => input.ReadMessage(new EmbeddedMessage(read));

    private static T ReadEmbedded<T>(CodedInputStream input, Func<CodedInputStream, T> read)
    {
        T value = default!;
        ReadEmbedded(input, message => { value = read(message); });
        return value;
    }

    private static OnnxGraph ReadGraph(CodedInputStream input, string path, string producer)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    nodes.Add(ReadEmbedded(input, ReadNode));
                    break;
                case (5, WireType.LengthDelimited):
                    var tensor = ReadEmbedded(input, tensorInput => ReadTensor(tensorInput, path));
                    initializers[tensor.Name] = tensor;
                    break;
                case (11, WireType.LengthDelimited):
                    inputs.Add(ReadEmbedded(input, ReadValueInfo));
                    break;
                case (12, WireType.LengthDelimited):
                    outputs.Add(ReadEmbedded(input, ReadValueInfo));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return new OnnxGraph(path, producer, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(CodedInputStream input)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string name = "", opType = "";
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): inputs.Add(input.ReadString()); break;
                case (2, WireType.LengthDelimited): outputs.Add(input.ReadString()); break;
                case (3, WireType.LengthDelimited): name = input.ReadString(); break;
                case (4, WireType.LengthDelimited): opType = input.ReadString(); break;
                case (5, WireType.LengthDelimited):
                    var attribute = ReadEmbedded(input, ReadAttribute);
                    attributes[attribute.Name] = attribute;
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(CodedInputStream input)
    {
        string name = "";
        long? integer = null;
        float? number = null;
        string? text = null;
        var ints = new List<long>();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): name = input.ReadString(); break;
                case (2, WireType.Fixed32): number = input.ReadFloat(); break;
                case (3, WireType.Varint): integer = input.ReadInt64(); break;
                case (4, WireType.LengthDelimited): text = input.ReadString(); break;
                case (8, _): ReadInt64s(input, wireType, ints); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxAttribute(name, integer, number, text, ints);
    }

    private static OnnxTensor ReadTensor(CodedInputStream input, string path)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        ByteString? raw = null;
        var dataType = 0;
        var name = "";
        var external = false;
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, _): ReadInt64s(input, wireType, dims); break;
                case (2, WireType.Varint): dataType = input.ReadInt32(); break;
                case (4, WireType.Fixed32): floats.Add(input.ReadFloat()); break;
                case (4, WireType.LengthDelimited): floats.AddRange(Floats(input.ReadBytes().Span)); break;
                case (8, WireType.LengthDelimited): name = input.ReadString(); break;
                case (9, WireType.LengthDelimited): raw = input.ReadBytes(); break;
                case (14, WireType.Varint): external = input.ReadInt64() == 1; break;
                default: input.SkipLastField(); break;
            }
        }
        if (external)
        {
            throw new InvalidInputException($"{path}: initializer '{name}' keeps its data in an external file, which is not supported; save the model with the weights inside");
        }
        var tensor = new OnnxTensor(name, dims, dataType, null);
        if (dataType != OnnxTensor.FloatType)
        {
            return tensor;
        }
        var values = raw is null ? floats.ToArray() : Floats(raw.Span);
        if (values.Length != tensor.ElementCount)
        {
            throw new InvalidInputException(
                $"{path}: initializer '{name}' has shape [{string.Join(", ", dims)}] ({tensor.ElementCount} values) but holds {values.Length} floats");
        }
        return tensor with { Floats = values };
    }

    // Packed float_data and raw_data alike: little-endian float32s.
    private static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }
        return values;
    }

    // A repeated int64 field, packed (one length-delimited run of varints) or one value per field.
    private static void ReadInt64s(CodedInputStream input, WireType wireType, List<long> into)
    {
        if (wireType != WireType.LengthDelimited)
        {
            into.Add(input.ReadInt64());
            return;
        }
        ReadEmbedded(input, packed =>
        {
            while (!packed.IsAtEnd)
            {
                into.Add(packed.ReadInt64());
            }
        });
    }

    private static OnnxValueInfo ReadValueInfo(CodedInputStream input)
    {
        var name = "";
        var dims = new List<long>();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            if (field == 1 && wireType == WireType.LengthDelimited)
            {
                name = input.ReadString();
            }
            else if (field == 2 && wireType == WireType.LengthDelimited)
            {
                // TypeProto.tensor_type (1) -> TypeProto.Tensor.shape (2) -> TensorShapeProto.dim (1) -> dim_value (1).
                ReadEmbedded(input, type => Each(type, 1, tensorType => Each(tensorType, 2, shape => Each(shape, 1, dimension => dims.Add(DimValue(dimension))))));
            }
            else
            {
                input.SkipLastField();
            }
        }
        return new OnnxValueInfo(name, dims);
    }

    // Calls read for each embedded message in field wanted of the current message, skipping the other fields.
    private static void Each(CodedInputStream input, int wanted, Action<CodedInputStream> read)
    {
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            if (field == wanted && wireType == WireType.LengthDelimited)
            {
                ReadEmbedded(input, read);
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    // TensorShapeProto.Dimension: dim_value (1), or a symbolic dim_param, reported as -1.
    private static long DimValue(CodedInputStream dimension)
    {
        var value = -1L;
        while (ReadField(dimension) is (not 0 and var field, var wireType))
        {
            if (field == 1 && wireType == WireType.Varint)
            {
                value = dimension.ReadInt64();
            }
            else
            {
                dimension.SkipLastField();
            }
        }
        return value;
    }
}
