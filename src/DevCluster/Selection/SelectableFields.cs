using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Selection;

/// <summary>
/// The field labels each kind accepts in a fieldSelector, as the Kubernetes API server's field label conversions
/// define them, and how to read each one from the stored JSON.
/// </summary>
public static class SelectableFields
{
    /// <summary>The labels every kind accepts.</summary>
    public static readonly IReadOnlyDictionary<string, Func<JsonObject, string>> Common = new Dictionary<string, Func<JsonObject, string>>
    {
        ["metadata.name"] = ObjectMetadata.Name,
        ["metadata.namespace"] = ObjectMetadata.Namespace,
    };

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, Func<JsonObject, string>>> ByResource =
        new Dictionary<string, IReadOnlyDictionary<string, Func<JsonObject, string>>>(StringComparer.Ordinal)
        {
            ["events"] = CoreEvent(),
            ["events.events.k8s.io"] = EventsApiEvent(),
            ["pods"] = WithMetadata(new()
            {
                ["spec.nodeName"] = Path("spec.nodeName"),
                ["spec.restartPolicy"] = Path("spec.restartPolicy"),
                ["spec.schedulerName"] = Path("spec.schedulerName"),
                ["spec.serviceAccountName"] = Path("spec.serviceAccountName"),
                ["spec.hostNetwork"] = obj => Read(obj, "spec.hostNetwork") is { Length: > 0 } value ? value : "false",
                ["status.phase"] = Path("status.phase"),
                ["status.podIP"] = obj => Read(obj, "status.podIPs.0.ip") is { Length: > 0 } ip ? ip : Read(obj, "status.podIP"),
                ["status.nominatedNodeName"] = Path("status.nominatedNodeName"),
            }),
            ["secrets"] = WithMetadata(new() { ["type"] = Path("type") }),
            ["namespaces"] = WithMetadata(new() { ["status.phase"] = Path("status.phase") }),
            ["jobs.batch"] = WithMetadata(new() { ["status.successful"] = obj => Read(obj, "status.succeeded") is { Length: > 0 } count ? count : "0" }),
        };

    /// <summary>The labels <paramref name="type"/> accepts: metadata.name and metadata.namespace, plus its kind's own.</summary>
    public static IReadOnlyDictionary<string, Func<JsonObject, string>> For(ResourceType type)
    {
        if (ByResource.TryGetValue(type.GroupResource, out var fields))
        {
            return fields;
        }

        if (type.SelectableFields.Count == 0)
        {
            return Common;
        }

        // A CRD's spec.versions[].selectableFields name JSON paths such as .spec.color, selected as spec.color.
        var custom = new Dictionary<string, Func<JsonObject, string>>(StringComparer.Ordinal);
        foreach (var field in type.SelectableFields)
        {
            custom[field] = Path(field);
        }

        return WithMetadata(custom);
    }

    /// <summary>Reads a dotted path (array items by index) as the string Kubernetes compares; "" when absent.</summary>
    public static string Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonObject map => map[segment],
                JsonArray list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count => list[index],
                _ => null,
            };
        }

        return node is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => "",
        } : "";
    }

    private static Dictionary<string, Func<JsonObject, string>> CoreEvent() => WithMetadata(new()
    {
        ["involvedObject.kind"] = Path("involvedObject.kind"),
        ["involvedObject.namespace"] = Path("involvedObject.namespace"),
        ["involvedObject.name"] = Path("involvedObject.name"),
        ["involvedObject.uid"] = Path("involvedObject.uid"),
        ["involvedObject.apiVersion"] = Path("involvedObject.apiVersion"),
        ["involvedObject.resourceVersion"] = Path("involvedObject.resourceVersion"),
        ["involvedObject.fieldPath"] = Path("involvedObject.fieldPath"),
        ["reason"] = Path("reason"),
        ["reportingComponent"] = Path("reportingComponent"),
        // Events written by newer recorders carry no source; the API server then selects on the reporting component.
        ["source"] = obj => Read(obj, "source.component") is { Length: > 0 } component ? component : Read(obj, "reportingComponent"),
        ["type"] = Path("type"),
    });

    private static Dictionary<string, Func<JsonObject, string>> EventsApiEvent() => WithMetadata(new()
    {
        ["regarding.kind"] = Path("regarding.kind"),
        ["regarding.namespace"] = Path("regarding.namespace"),
        ["regarding.name"] = Path("regarding.name"),
        ["regarding.uid"] = Path("regarding.uid"),
        ["regarding.apiVersion"] = Path("regarding.apiVersion"),
        ["regarding.resourceVersion"] = Path("regarding.resourceVersion"),
        ["regarding.fieldPath"] = Path("regarding.fieldPath"),
        ["reason"] = Path("reason"),
        ["reportingController"] = Path("reportingController"),
        ["source"] = obj => Read(obj, "deprecatedSource.component") is { Length: > 0 } component ? component : Read(obj, "reportingController"),
        ["type"] = Path("type"),
    });

    private static Dictionary<string, Func<JsonObject, string>> WithMetadata(Dictionary<string, Func<JsonObject, string>> fields)
    {
        foreach (var (label, read) in Common)
        {
            fields[label] = read;
        }

        return fields;
    }

    private static Func<JsonObject, string> Path(string path) => obj => Read(obj, path);
}
