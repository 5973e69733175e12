using Google.Protobuf;

namespace KubeTune.Trainer.Tests.Import;

/// <summary>
/// Copies an ONNX model with another fixed input shape (graph input replaced, value_info shape hints dropped), so
/// ONNX Runtime runs it at sizes where padding conventions give different results.
/// </summary>
public static class OnnxInputResizer
{
    public static void Write(string sourcePath, string targetPath, string inputName, long[] dims)
    {
        using var target = File.Create(targetPath);
        var output = new CodedOutputStream(target);
        Copy(File.ReadAllBytes(sourcePath), output, (field, bytes, writer) =>
        {
            if (field != 7)
            {
                return false;
            }
            // ModelProto.graph: drop GraphProto.value_info (13) and the old input (11), then add the resized input.
            var graph = new MemoryStream();
            var graphOutput = new CodedOutputStream(graph);
            Copy(bytes.ToByteArray(), graphOutput, (graphField, _, _) => graphField is 11 or 13);
            graphOutput.WriteTag(11, WireFormat.WireType.LengthDelimited);
            graphOutput.WriteBytes(ValueInfo(inputName, dims));
            graphOutput.Flush();
            writer.WriteTag(7, WireFormat.WireType.LengthDelimited);
            writer.WriteBytes(ByteString.CopyFrom(graph.ToArray()));
            return true;
        });
        output.Flush();
    }

    // Re-emits every field unless replace handles it (length-delimited fields only).
    private static void Copy(byte[] message, CodedOutputStream output, Func<int, ByteString, CodedOutputStream, bool> replace)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    output.WriteTag(tag);
                    output.WriteUInt64(input.ReadUInt64());
                    break;
                case WireFormat.WireType.Fixed32:
                    output.WriteTag(tag);
                    output.WriteFixed32(input.ReadFixed32());
                    break;
                case WireFormat.WireType.Fixed64:
                    output.WriteTag(tag);
                    output.WriteFixed64(input.ReadFixed64());
                    break;
                default:
                    var bytes = input.ReadBytes();
                    if (!replace(field, bytes, output))
                    {
                        output.WriteTag(tag);
                        output.WriteBytes(bytes);
                    }
                    break;
            }
        }
    }

    // ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1 (float); shape = 2 { dim = 1 { dim_value = 1 } } } } }
    private static ByteString ValueInfo(string name, long[] dims)
    {
        var shape = Message(writer =>
        {
            foreach (var dim in dims)
            {
                writer.WriteTag(1, WireFormat.WireType.LengthDelimited);
                writer.WriteBytes(Message(d => { d.WriteTag(1, WireFormat.WireType.Varint); d.WriteInt64(dim); }));
            }
        });
        var tensorType = Message(writer =>
        {
            writer.WriteTag(1, WireFormat.WireType.Varint);
            writer.WriteInt32(1);
            writer.WriteTag(2, WireFormat.WireType.LengthDelimited);
            writer.WriteBytes(shape);
        });
        var type = Message(writer => { writer.WriteTag(1, WireFormat.WireType.LengthDelimited); writer.WriteBytes(tensorType); });
        return Message(writer =>
        {
            writer.WriteTag(1, WireFormat.WireType.LengthDelimited);
            writer.WriteString(name);
            writer.WriteTag(2, WireFormat.WireType.LengthDelimited);
            writer.WriteBytes(type);
        });
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        var stream = new MemoryStream();
        var writer = new CodedOutputStream(stream);
        write(writer);
        writer.Flush();
        return ByteString.CopyFrom(stream.ToArray());
    }
}
