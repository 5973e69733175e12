using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Discovery;

/// <summary>The discovery documents kubectl and client libraries read: /version, /api, /api/v1, /apis, /apis/{group}[/{version}].</summary>
public sealed class DiscoveryDocuments(ResourceRegistry registry)
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-kubetune-devcluster",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject Groups()
    {
        var groups = new JsonArray();
        foreach (var group in GroupNames())
        {
            groups.Add(Group(group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public JsonObject? Group(string group)
    {
        var versions = registry.All.Where(type => type.Group == group).Select(type => type.Version).Distinct().ToList();
        if (group.Length == 0 || versions.Count == 0)
        {
            return null;
        }

        var versionArray = new JsonArray();
        foreach (var version in versions)
        {
            versionArray.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = versionArray,
            ["preferredVersion"] = versionArray[0]!.DeepClone(),
        };
    }

    public JsonObject? Resources(string group, string version)
    {
        var types = registry.All.Where(type => type.Group == group && type.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in types)
        {
            resources.Add(Resource(type, type.Plural, type.Verbs));
            if (type.HasStatus)
            {
                resources.Add(Resource(type, type.Plural + "/status", ["get", "patch", "update"]));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private IEnumerable<string> GroupNames() => registry.All.Select(type => type.Group).Where(group => group.Length > 0).Distinct();

    private static JsonObject Resource(ResourceType type, string name, IReadOnlyList<string> verbs)
    {
        var resource = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = name.Contains('/') ? "" : type.Singular,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = new JsonArray([.. verbs.Select(verb => (JsonNode?)verb)]),
        };
        if (!name.Contains('/'))
        {
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(shortName => (JsonNode?)shortName)]);
            }

            if (type.Categories.Count > 0)
            {
                resource["categories"] = new JsonArray([.. type.Categories.Select(category => (JsonNode?)category)]);
            }
        }

        return resource;
    }
}
