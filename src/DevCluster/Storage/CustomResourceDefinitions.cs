using System.Text.Json.Nodes;
using KubeTune.DevCluster.Validation;

namespace KubeTune.DevCluster.Storage;

/// <summary>Checks a CustomResourceDefinition enough to serve it and fills in its status as an established CRD.</summary>
internal static class CustomResourceDefinitions
{
    public static void Prepare(JsonObject crd)
    {
        var type = BuiltInResources.CustomResourceDefinitions;
        var name = ObjectMetadata.Name(crd);
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.ToString() ?? "";
        var plural = spec?["names"]?["plural"]?.ToString() ?? "";
        if (group.Length == 0)
        {
            errors.Add(new FieldError("spec.group", "FieldValueRequired", "Required value"));
        }

        if (plural.Length == 0)
        {
            errors.Add(new FieldError("spec.names.plural", "FieldValueRequired", "Required value"));
        }

        if (string.IsNullOrEmpty(spec?["names"]?["kind"]?.ToString()))
        {
            errors.Add(new FieldError("spec.names.kind", "FieldValueRequired", "Required value"));
        }

        if (spec?["versions"] is not JsonArray { Count: > 0 })
        {
            errors.Add(new FieldError("spec.versions", "FieldValueRequired", "Required value: must have exactly one version marked as storage version"));
        }

        if (errors.Count == 0 && name != $"{plural}.{group}")
        {
            errors.Add(new FieldError("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(type, name, errors);
        }

        var storageVersions = spec!["versions"]!.AsArray()
            .Where(version => version?["storage"]?.ToString() == "true")
            .Select(version => (JsonNode?)version!["name"]!.ToString())
            .ToArray();
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = spec["names"]!.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
            ["storedVersions"] = new JsonArray(storageVersions),
        };
    }

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
    };
}
