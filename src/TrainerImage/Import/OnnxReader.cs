using System.Buffers.Binary;

namespace KubeTune.Trainer.Import;

/// <summary>
/// Reads an ONNX model file (ModelProto) into an <see cref="OnnxGraph"/>: nodes with their attributes, float
/// initializers (float_data or raw_data), graph inputs and outputs. Field numbers are those of onnx.proto.
/// </summary>
public static class OnnxReader
{
    public static OnnxGraph Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: ONNX file not found");
        }
        var reader = new ProtobufReader(File.ReadAllBytes(path), path);
        var producer = "";
        OnnxGraph? graph = null;
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (2, ProtobufReader.LengthDelimited):
                    producer = reader.ReadString();
                    break;
                case (7, ProtobufReader.LengthDelimited):
                    graph = ReadGraph(reader.ReadMessage(), path, producer);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        if (graph is null || graph.Nodes.Count == 0)
        {
            throw new InvalidInputException($"{path}: not an ONNX model (it holds no graph with nodes)");
        }
        return graph with { Producer = producer };
    }

    private static OnnxGraph ReadGraph(ProtobufReader reader, string path, string producer)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, ProtobufReader.LengthDelimited):
                    nodes.Add(ReadNode(reader.ReadMessage()));
                    break;
                case (5, ProtobufReader.LengthDelimited):
                    var tensor = ReadTensor(reader.ReadMessage(), path);
                    initializers[tensor.Name] = tensor;
                    break;
                case (11, ProtobufReader.LengthDelimited):
                    inputs.Add(ReadValueInfo(reader.ReadMessage()));
                    break;
                case (12, ProtobufReader.LengthDelimited):
                    outputs.Add(ReadValueInfo(reader.ReadMessage()));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new OnnxGraph(path, producer, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(ProtobufReader reader)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string name = "", opType = "";
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, ProtobufReader.LengthDelimited): inputs.Add(reader.ReadString()); break;
                case (2, ProtobufReader.LengthDelimited): outputs.Add(reader.ReadString()); break;
                case (3, ProtobufReader.LengthDelimited): name = reader.ReadString(); break;
                case (4, ProtobufReader.LengthDelimited): opType = reader.ReadString(); break;
                case (5, ProtobufReader.LengthDelimited):
                    var attribute = ReadAttribute(reader.ReadMessage());
                    attributes[attribute.Name] = attribute;
                    break;
                default: reader.Skip(wireType); break;
            }
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(ProtobufReader reader)
    {
        string name = "";
        long? integer = null;
        float? number = null;
        string? text = null;
        var ints = new List<long>();
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, ProtobufReader.LengthDelimited): name = reader.ReadString(); break;
                case (2, ProtobufReader.Fixed32): number = reader.ReadFloat(); break;
                case (3, ProtobufReader.Varint): integer = reader.ReadInt64(); break;
                case (4, ProtobufReader.LengthDelimited): text = reader.ReadString(); break;
                case (8, _): reader.ReadInt64s(wireType, ints); break;
                default: reader.Skip(wireType); break;
            }
        }
        return new OnnxAttribute(name, integer, number, text, ints);
    }

    private static OnnxTensor ReadTensor(ProtobufReader reader, string path)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        byte[]? raw = null;
        var dataType = 0;
        var name = "";
        var external = false;
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, _): reader.ReadInt64s(wireType, dims); break;
                case (2, ProtobufReader.Varint): dataType = (int)reader.ReadInt64(); break;
                case (4, ProtobufReader.Fixed32): floats.Add(reader.ReadFloat()); break;
                case (4, ProtobufReader.LengthDelimited):
                    var packed = reader.ReadBytes();
                    for (var offset = 0; offset + 4 <= packed.Length; offset += 4)
                    {
                        floats.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[offset..]));
                    }
                    break;
                case (8, ProtobufReader.LengthDelimited): name = reader.ReadString(); break;
                case (9, ProtobufReader.LengthDelimited): raw = reader.ReadBytes().ToArray(); break;
                case (14, ProtobufReader.Varint): external = reader.ReadInt64() == 1; break;
                default: reader.Skip(wireType); break;
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
        var values = raw is null ? floats.ToArray() : FloatsFromRaw(raw);
        if (values.Length != tensor.ElementCount)
        {
            throw new InvalidInputException(
                $"{path}: initializer '{name}' has shape [{string.Join(", ", dims)}] ({tensor.ElementCount} values) but holds {values.Length} floats");
        }
        return tensor with { Floats = values };
    }

    private static float[] FloatsFromRaw(byte[] raw)
    {
        var values = new float[raw.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4));
        }
        return values;
    }

    private static OnnxValueInfo ReadValueInfo(ProtobufReader reader)
    {
        var name = "";
        var dims = new List<long>();
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == ProtobufReader.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == 2 && wireType == ProtobufReader.LengthDelimited)
            {
                // TypeProto.tensor_type (1) -> TypeProto.Tensor.shape (2) -> TensorShapeProto.dim (1) -> dim_value (1).
                foreach (var shape in Messages(reader.ReadMessage(), 1).SelectMany(tensorType => Messages(tensorType, 2)))
                {
                    dims.AddRange(Messages(shape, 1).Select(DimValue));
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return new OnnxValueInfo(name, dims);
    }

    private static IEnumerable<ProtobufReader> Messages(ProtobufReader reader, int wanted)
    {
        var found = new List<ProtobufReader>();
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == wanted && wireType == ProtobufReader.LengthDelimited)
            {
                found.Add(reader.ReadMessage());
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return found;
    }

    // TensorShapeProto.Dimension: dim_value (1), or a symbolic dim_param, reported as -1.
    private static long DimValue(ProtobufReader dimension)
    {
        while (!dimension.AtEnd)
        {
            var (field, wireType) = dimension.ReadTag();
            if (field == 1 && wireType == ProtobufReader.Varint)
            {
                return dimension.ReadInt64();
            }
            dimension.Skip(wireType);
        }
        return -1;
    }
}
