using System.Text.Json.Nodes;
using KubeTune.DevCluster.Validation;

namespace KubeTune.Operator.Tests.Api;

/// <summary>What the API server does with a FineTuneJob on create or update: prune, default, validate against the CRD.</summary>
internal static class ManifestPipeline
{
    public static IReadOnlyList<FieldError> Admit(JsonObject manifest, JsonObject? old = null)
    {
        var schema = RepositoryFiles.Schema;
        CustomResourceValidation.ApplyDefaults(schema, manifest);
        return CustomResourceValidation.Validate(schema, manifest, old);
    }

    /// <summary>Sets (or, with a null value, removes) the field at a dotted path, creating parent objects on the way.</summary>
    public static JsonObject With(this JsonObject manifest, string path, JsonNode? value, bool remove = false)
    {
        var segments = path.Split('.');
        var parent = manifest;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not JsonObject next)
            {
                next = [];
                parent[segment] = next;
            }
            parent = next;
        }
        if (remove)
        {
            parent.Remove(segments[^1]);
        }
        else
        {
            parent[segments[^1]] = value;
        }
        return manifest;
    }
}
