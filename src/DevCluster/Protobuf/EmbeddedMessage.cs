using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace KubeTune.DevCluster.Protobuf;

/// <summary>
/// An embedded message for <see cref="CodedInputStream.ReadMessage(IMessage)"/>, which bounds the input to the
/// message's length and checks it was read to its end; <paramref name="read"/> reads its fields. Read only: the dev cluster
/// decodes Kubernetes bodies without generated types.
/// </summary>
internal sealed class EmbeddedMessage(Action<CodedInputStream> read) : IMessage
{
    public MessageDescriptor Descriptor => throw new NotSupportedException("a read-only embedded message has no descriptor");

    public void MergeFrom(CodedInputStream input) => read(input);

    public void WriteTo(CodedOutputStream output) => throw new NotSupportedException("a read-only embedded message is never written");

    public int CalculateSize() => throw new NotSupportedException("a read-only embedded message is never written");
}
