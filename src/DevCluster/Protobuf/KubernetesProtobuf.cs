using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Protobuf;

/// <summary>
/// Decodes the protobuf request bodies kubectl sends for built-in kinds (<c>application/vnd.kubernetes.protobuf</c>: the
/// <c>k8s\0</c> magic, then a runtime.Unknown wrapping the object) into JSON, for the kinds <c>kubectl create</c> makes
/// without a manifest: ConfigMap, Secret and Namespace. Other kinds answer 415 naming the kind, so the caller can use JSON.
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
        ReadOnlySpan<byte> raw = default;
        var unknown = new ProtobufReader(body[Magic.Length..]);
        while (!unknown.AtEnd)
        {
            unknown.ReadTag(out var field, out var wireType);
            switch (field)
            {
                case 1 when wireType == 2:
                    (apiVersion, kind) = ReadTypeMeta(unknown.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    raw = unknown.ReadBytes();
                    break;
                default:
                    unknown.Skip(wireType);
                    break;
            }
        }

        var obj = (apiVersion, kind) switch
        {
            ("v1", "ConfigMap") => ConfigMap(raw),
            ("v1", "Secret") => Secret(raw),
            ("v1", "Namespace") => Namespace(raw),
            _ => throw new StatusException(415, "UnsupportedMediaType", $"the development cluster decodes protobuf bodies only for v1 ConfigMap, Secret and Namespace, not {apiVersion} {kind}: send application/json"),
        };
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> bytes)
    {
        string apiVersion = "", kind = "";
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var field, out var wireType);
            if (field == 1 && wireType == 2)
            {
                apiVersion = reader.ReadString();
            }
            else if (field == 2 && wireType == 2)
            {
                kind = reader.ReadString();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (apiVersion, kind);
    }

    // v1.ConfigMap: 1 metadata, 2 data, 3 binaryData, 4 immutable.
    private static JsonObject ConfigMap(ReadOnlySpan<byte> bytes)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var field, out var wireType);
            switch (field)
            {
                case 1 when wireType == 2: obj["metadata"] = ObjectMeta(reader.ReadBytes()); break;
                case 2 when wireType == 2: AddMapEntry(obj, "data", reader.ReadBytes(), base64: false); break;
                case 3 when wireType == 2: AddMapEntry(obj, "binaryData", reader.ReadBytes(), base64: true); break;
                case 4 when wireType == 0: obj["immutable"] = reader.ReadVarint() != 0; break;
                default: reader.Skip(wireType); break;
            }
        }

        return obj;
    }

    // v1.Secret: 1 metadata, 2 data (bytes), 3 type, 4 stringData, 5 immutable.
    private static JsonObject Secret(ReadOnlySpan<byte> bytes)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var field, out var wireType);
            switch (field)
            {
                case 1 when wireType == 2: obj["metadata"] = ObjectMeta(reader.ReadBytes()); break;
                case 2 when wireType == 2: AddMapEntry(obj, "data", reader.ReadBytes(), base64: true); break;
                case 3 when wireType == 2: SetIfNotEmpty(obj, "type", reader.ReadString()); break;
                case 4 when wireType == 2: AddMapEntry(obj, "stringData", reader.ReadBytes(), base64: false); break;
                case 5 when wireType == 0: obj["immutable"] = reader.ReadVarint() != 0; break;
                default: reader.Skip(wireType); break;
            }
        }

        return obj;
    }

    // v1.Namespace: 1 metadata, 2 spec (1 finalizers); status is the server's.
    private static JsonObject Namespace(ReadOnlySpan<byte> bytes)
    {
        var obj = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var field, out var wireType);
            if (field == 1 && wireType == 2)
            {
                obj["metadata"] = ObjectMeta(reader.ReadBytes());
            }
            else if (field == 2 && wireType == 2)
            {
                var spec = new JsonObject();
                var specReader = new ProtobufReader(reader.ReadBytes());
                while (!specReader.AtEnd)
                {
                    specReader.ReadTag(out var specField, out var specWire);
                    if (specField == 1 && specWire == 2)
                    {
                        AddString(spec, "finalizers", specReader.ReadString());
                    }
                    else
                    {
                        specReader.Skip(specWire);
                    }
                }

                obj["spec"] = spec;
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return obj;
    }

    // ObjectMeta: what a client sets; server-owned fields (uid, resourceVersion, timestamps...) are ignored.
    private static JsonObject ObjectMeta(ReadOnlySpan<byte> bytes)
    {
        var metadata = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var field, out var wireType);
            switch (field)
            {
                case 1 when wireType == 2: SetIfNotEmpty(metadata, "name", reader.ReadString()); break;
                case 2 when wireType == 2: SetIfNotEmpty(metadata, "generateName", reader.ReadString()); break;
                case 3 when wireType == 2: SetIfNotEmpty(metadata, "namespace", reader.ReadString()); break;
                case 11 when wireType == 2: AddMapEntry(metadata, "labels", reader.ReadBytes(), base64: false); break;
                case 12 when wireType == 2: AddMapEntry(metadata, "annotations", reader.ReadBytes(), base64: false); break;
                case 14 when wireType == 2: AddString(metadata, "finalizers", reader.ReadString()); break;
                default: reader.Skip(wireType); break;
            }
        }

        return metadata;
    }

    // A map field is a repeated entry message: 1 key, 2 value.
    private static void AddMapEntry(JsonObject target, string field, ReadOnlySpan<byte> entry, bool base64)
    {
        string key = "";
        JsonNode value = "";
        var reader = new ProtobufReader(entry);
        while (!reader.AtEnd)
        {
            reader.ReadTag(out var number, out var wireType);
            if (number == 1 && wireType == 2)
            {
                key = reader.ReadString();
            }
            else if (number == 2 && wireType == 2)
            {
                value = base64 ? Convert.ToBase64String(reader.ReadBytes()) : reader.ReadString();
            }
            else
            {
                reader.Skip(wireType);
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
