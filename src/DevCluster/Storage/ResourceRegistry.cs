using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>Which resources are served: the built-in kinds plus those of every established CRD.</summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private readonly List<ResourceType> _builtIn = [.. BuiltInResources.All];
    private readonly Dictionary<string, List<ResourceType>> _byCrdName = [];

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _builtIn, .. _byCrdName.Values.SelectMany(types => types)];
            }
        }
    }

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(type => type.Group == group && type.Version == version && type.Plural == plural);

    public ResourceType? Find(GroupVersionResource resource) => Find(resource.Group, resource.Version, resource.Resource);

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(type => type.ApiVersion == apiVersion && type.Kind == kind);

    /// <summary>Every served version of a group and plural (objects are shared between them).</summary>
    public IReadOnlyList<ResourceType> FindStorage(string storageKey) => [.. All.Where(type => type.StorageKey == storageKey)];

    /// <summary>Serves the versions a CRD declares; replaces what an earlier version of the CRD served.</summary>
    public void Register(JsonObject crd)
    {
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? throw new ArgumentException("CRD without metadata.name", nameof(crd));
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var group = spec["group"]!.GetValue<string>();
        var plural = names["plural"]!.GetValue<string>();
        var kind = names["kind"]!.GetValue<string>();
        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var namespaced = (spec["scope"]?.GetValue<string>() ?? "Namespaced") == "Namespaced";
        var shortNames = StringList(names["shortNames"]);
        var categories = StringList(names["categories"]);
        var types = new List<ResourceType>();
        foreach (var version in spec["versions"]?.AsArray() ?? [])
        {
            if (version is not JsonObject versionObject || versionObject["served"]?.ToString() == "false")
            {
                continue;
            }

            types.Add(new ResourceType(group, versionObject["name"]!.GetValue<string>(), plural, singular, kind, namespaced)
            {
                ShortNames = shortNames,
                Categories = categories,
                HasStatus = versionObject["subresources"]?["status"] is not null,
                IsCustom = true,
                Schema = versionObject["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
                PrinterColumns = versionObject["additionalPrinterColumns"]?.DeepClone().AsArray(),
                SelectableFields = SelectableFieldLabels(versionObject["selectableFields"]),
            });
        }

        lock (_gate)
        {
            _byCrdName[name] = types;
        }
    }

    public void Unregister(string crdName)
    {
        lock (_gate)
        {
            _byCrdName.Remove(crdName);
        }
    }

    // selectableFields name JSON paths (.spec.color); selectors use them without the leading dot.
    private static List<string> SelectableFieldLabels(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item?["jsonPath"]?.GetValue<string>().TrimStart('.') ?? "").Where(label => label.Length > 0)] : [];

    private static List<string> StringList(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item!.GetValue<string>())] : [];
}
