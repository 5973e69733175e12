using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Discovery;

/// <summary>
/// OpenAPI v3 documents per group/version: PATCH operations that declare the fieldValidation parameter (so kubectl
/// apply validates on the server) and, for custom resources, the CRD schema (so kubectl explain works).
/// </summary>
public sealed class OpenApiDocuments(ResourceRegistry registry)
{
    private const string GvkExtension = "x-kubernetes-group-version-kind";

    public JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var groupVersion in registry.All.Select(type => type.GroupVersion).Distinct())
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(GroupVersion(groupVersion)!.ToJsonString())))[..32];
            paths[groupVersion] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{groupVersion}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/{group}/{version}"; null when nothing is served there.</summary>
    public JsonObject? GroupVersion(string groupVersion)
    {
        var types = registry.All.Where(type => type.GroupVersion == groupVersion).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            var collection = type.Namespaced ? $"/{groupVersion}/namespaces/{{namespace}}/{type.Plural}" : $"/{groupVersion}/{type.Plural}";
            paths[collection] = new JsonObject
            {
                ["get"] = Operation("list", type),
                ["post"] = Operation("create", type),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation("read", type),
                ["put"] = Operation("replace", type),
                ["patch"] = Operation("patch", type),
                ["delete"] = Operation("delete", type),
            };
            if (type.Schema is not null)
            {
                var schema = type.Schema.DeepClone().AsObject();
                schema[GvkExtension] = new JsonArray(Gvk(type));
                schemas[SchemaName(type)] = schema;
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(string verb, ResourceType type)
    {
        var parameters = new JsonArray(
            new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
        if (verb is "create" or "replace" or "patch")
        {
            parameters.Add(new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        var response = new JsonObject { ["description"] = "OK" };
        if (type.Schema is not null)
        {
            response["content"] = new JsonObject
            {
                ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{SchemaName(type)}" } },
            };
        }

        return new JsonObject
        {
            ["operationId"] = verb + type.Kind,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = response },
            [GvkExtension] = Gvk(type),
        };
    }

    private static JsonObject Gvk(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };

    private static string SchemaName(ResourceType type) =>
        string.Join('.', type.Group.Split('.').Reverse()) + "." + type.Version + "." + type.Kind;
}
