using System.Text.Json.Nodes;
using Google.Protobuf;
using KubeTune.DevCluster.Storage;
using static Google.Protobuf.WireFormat;

namespace KubeTune.DevCluster.Protobuf;

/// <summary>
/// Decodes the protobuf request bodies kubectl sends for built-in kinds (<c>application/vnd.kubernetes.protobuf</c>: the
/// <c>k8s\0</c> magic, then a runtime.Unknown wrapping the object) into JSON, for the kinds <c>kubectl create</c> makes
/// without a manifest: ConfigMap, Secret and Namespace. Other kinds answer 415 naming the kind, so the caller can use JSON.
/// The wire format is Google.Protobuf's <see cref="CodedInputStream"/>; a malformed body is a <see cref="FormatException"/>.
/// </summary>
internal static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiErrors.BadRequest("the protobuf body does not start with the Kubernetes magic number \"k8s\\0\"");
        }

        string apiVersion = "", kind = "";
        byte[] raw = [];
        try
        {
            // runtime.Unknown: 1 typeMeta, 2 raw (the object's own message).
            var unknown = new CodedInputStream(body[Magic.Length..].ToArray());
            while (ReadField(unknown) is (not 0 and var field, var wireType))
            {
                switch (field, wireType)
                {
                    case (1, WireType.LengthDelimited): ReadEmbedded(unknown, typeMeta => (apiVersion, kind) = TypeMeta(typeMeta)); break;
                    case (2, WireType.LengthDelimited): raw = unknown.ReadBytes().ToByteArray(); break;
                    default: unknown.SkipLastField(); break;
                }
            }

            var obj = (apiVersion, kind) switch
            {
                ("v1", "ConfigMap") => ConfigMap(new CodedInputStream(raw)),
                ("v1", "Secret") => Secret(new CodedInputStream(raw)),
                ("v1", "Namespace") => Namespace(new CodedInputStream(raw)),
                _ => throw new StatusException(415, "UnsupportedMediaType", $"the development cluster decodes protobuf bodies only for v1 ConfigMap, Secret and Namespace, not {apiVersion} {kind}: send application/json"),
            };
            obj["apiVersion"] = apiVersion;
            obj["kind"] = kind;
            return obj;
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new FormatException($"protobuf: {error.Message}", error);
        }
    }

    // The next field's number and wire type; field 0 at the end of the current message.
    private static (int Field, WireType WireType) ReadField(CodedInputStream input)
    {
        var tag = input.ReadTag();
        return (GetTagFieldNumber(tag), GetTagWireType(tag));
    }

    // The current field's value is an embedded message: read sees its end as the end of input, then the enclosing one goes on.
    private static void ReadEmbedded(CodedInputStream input, Action<CodedInputStream> read) => input.ReadMessage(new EmbeddedMessage(read));

    // TypeMeta: 1 apiVersion, 2 kind.
    private static (string ApiVersion, string Kind) TypeMeta(CodedInputStream input)
    {
        string apiVersion = "", kind = "";
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): apiVersion = input.ReadString(); break;
                case (2, WireType.LengthDelimited): kind = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return (apiVersion, kind);
    }

    // v1.ConfigMap: 1 metadata, 2 data, 3 binaryData, 4 immutable.
    private static JsonObject ConfigMap(CodedInputStream input)
    {
        var obj = new JsonObject();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): ReadEmbedded(input, metadata => obj["metadata"] = ObjectMeta(metadata)); break;
                case (2, WireType.LengthDelimited): ReadEmbedded(input, entry => AddMapEntry(obj, "data", entry, base64: false)); break;
                case (3, WireType.LengthDelimited): ReadEmbedded(input, entry => AddMapEntry(obj, "binaryData", entry, base64: true)); break;
                case (4, WireType.Varint): obj["immutable"] = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }

        return obj;
    }

    // v1.Secret: 1 metadata, 2 data (bytes), 3 type, 4 stringData, 5 immutable.
    private static JsonObject Secret(CodedInputStream input)
    {
        var obj = new JsonObject();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): ReadEmbedded(input, metadata => obj["metadata"] = ObjectMeta(metadata)); break;
                case (2, WireType.LengthDelimited): ReadEmbedded(input, entry => AddMapEntry(obj, "data", entry, base64: true)); break;
                case (3, WireType.LengthDelimited): SetIfNotEmpty(obj, "type", input.ReadString()); break;
                case (4, WireType.LengthDelimited): ReadEmbedded(input, entry => AddMapEntry(obj, "stringData", entry, base64: false)); break;
                case (5, WireType.Varint): obj["immutable"] = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }

        return obj;
    }

    // v1.Namespace: 1 metadata, 2 spec (1 finalizers); status is the server's.
    private static JsonObject Namespace(CodedInputStream input)
    {
        var obj = new JsonObject();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): ReadEmbedded(input, metadata => obj["metadata"] = ObjectMeta(metadata)); break;
                case (2, WireType.LengthDelimited): ReadEmbedded(input, spec => obj["spec"] = NamespaceSpec(spec)); break;
                default: input.SkipLastField(); break;
            }
        }

        return obj;
    }

    private static JsonObject NamespaceSpec(CodedInputStream input)
    {
        var spec = new JsonObject();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            if (field == 1 && wireType == WireType.LengthDelimited)
            {
                AddString(spec, "finalizers", input.ReadString());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spec;
    }

    // ObjectMeta: what a client sets; server-owned fields (uid, resourceVersion, timestamps...) are ignored.
    private static JsonObject ObjectMeta(CodedInputStream input)
    {
        var metadata = new JsonObject();
        while (ReadField(input) is (not 0 and var field, var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): SetIfNotEmpty(metadata, "name", input.ReadString()); break;
                case (2, WireType.LengthDelimited): SetIfNotEmpty(metadata, "generateName", input.ReadString()); break;
                case (3, WireType.LengthDelimited): SetIfNotEmpty(metadata, "namespace", input.ReadString()); break;
                case (11, WireType.LengthDelimited): ReadEmbedded(input, entry => AddMapEntry(metadata, "labels", entry, base64: false)); break;
                case (12, WireType.LengthDelimited): ReadEmbedded(input, entry => AddMapEntry(metadata, "annotations", entry, base64: false)); break;
                case (14, WireType.LengthDelimited): AddString(metadata, "finalizers", input.ReadString()); break;
                default: input.SkipLastField(); break;
            }
        }

        return metadata;
    }

    // A map field is a repeated entry message: 1 key, 2 value.
    private static void AddMapEntry(JsonObject target, string field, CodedInputStream entry, bool base64)
    {
        string key = "";
        JsonNode value = "";
        while (ReadField(entry) is (not 0 and var number, var wireType))
        {
            switch (number, wireType)
            {
                case (1, WireType.LengthDelimited): key = entry.ReadString(); break;
                case (2, WireType.LengthDelimited): value = base64 ? entry.ReadBytes().ToBase64() : entry.ReadString(); break;
                default: entry.SkipLastField(); break;
            }
        }

        if (target[field] is not JsonObject map)
        {
            map = [];
            target[field] = map;
        }

        map[key] = value;
    }

    // Protobuf writes empty strings where JSON leaves the field out.
    private static void SetIfNotEmpty(JsonObject target, string field, string value)
    {
        if (value.Length > 0)
        {
            target[field] = value;
        }
    }

    private static void AddString(JsonObject target, string field, string value)
    {
        if (target[field] is not JsonArray list)
        {
            list = [];
            target[field] = list;
        }

        list.Add(value);
    }
}
