using System.Text.Json.Nodes;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>Expands RBAC PolicyRules into the permissions they grant.</summary>
internal static class RbacRules
{
    public static IReadOnlyList<Permission> Expand(JsonArray rules, string source)
    {
        var permissions = new List<Permission>();
        foreach (var rule in rules.Select(rule => (JsonObject)rule!))
        {
            Assert.True(rule["nonResourceURLs"] is null && rule["resourceNames"] is null, $"{source}: unexpected nonResourceURLs/resourceNames in {rule.ToJsonString()}");
            permissions.AddRange(
                from groupNode in Strings(rule, "apiGroups", source)
                from resource in Strings(rule, "resources", source)
                from verb in Strings(rule, "verbs", source)
                select new Permission(groupNode, resource, verb));
        }

        return permissions;
    }

    /// <summary>The rules of every Role and ClusterRole among the objects.</summary>
    public static IReadOnlyList<Permission> OfRoles(IEnumerable<JsonObject> objects, string source) =>
        objects
            .Where(item => item["kind"]?.GetValue<string>() is "Role" or "ClusterRole")
            .SelectMany(role => Expand(role["rules"]?.AsArray() ?? [], $"{source} {role["kind"]}/{role["metadata"]?["name"]}"))
            .ToList();

    private static IEnumerable<string> Strings(JsonObject rule, string field, string source)
    {
        var values = rule[field]?.AsArray().Select(value => value!.GetValue<string>()).ToList() ?? [];
        Assert.True(values.Count > 0, $"{source}: rule {rule.ToJsonString()} has no {field}");
        return values;
    }
}
