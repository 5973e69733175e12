using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Patching;

namespace KubeTune.DevCluster.Storage;

public sealed partial class ClusterStore
{
    public const string StatusSubresource = "status";

    public JsonObject Update(GroupVersionResource resource, string? ns, JsonObject obj, string? subresource = null) =>
        Update(Resolve(resource), ns, obj, subresource);

    public JsonObject Patch(GroupVersionResource resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null) =>
        Patch(Resolve(resource), ns, name, patchType, patch, subresource);

    /// <summary>PUT: replaces the object; a non-empty stale metadata.resourceVersion answers 409 Conflict.</summary>
    public JsonObject Update(ResourceType type, string? ns, JsonObject obj, string? subresource = null, WriteOptions? options = null)
    {
        var name = ObjectMetadata.Name(obj);
        if (name.Length == 0)
        {
            throw ApiErrors.Invalid(type, "", [new("metadata.name", "FieldValueRequired", "Required value: name is required")]);
        }

        try
        {
            lock (_gate)
            {
                ns = type.Namespaced ? (string.IsNullOrEmpty(ns) ? ObjectMetadata.Namespace(obj) : ns) : null;
                var existing = Find(type, ns, name) ?? throw ApiErrors.NotFound(type, name);
                CheckResourceVersion(type, existing, obj);
                return Commit(type, existing, obj, subresource, options ?? new WriteOptions());
            }
        }
        finally
        {
            SignalGarbage();
        }
    }

    /// <summary>PATCH: applies the patch to the current object, then updates it like PUT.</summary>
    public JsonObject Patch(ResourceType type, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, WriteOptions? options = null)
    {
        try
        {
            return PatchLocked(type, ns, name, patchType, patch, subresource, options ?? new WriteOptions());
        }
        finally
        {
            SignalGarbage();
        }
    }

    private JsonObject PatchLocked(ResourceType type, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource, WriteOptions options)
    {
        lock (_gate)
        {
            var existing = Find(type, type.Namespaced ? ns : null, name) ?? throw ApiErrors.NotFound(type, name);
            var patched = patchType switch
            {
                PatchType.Merge => JsonMergePatch.Apply(existing, patch),
                PatchType.Json when patch is JsonArray operations => JsonPatch.Apply(existing, operations),
                PatchType.StrategicMerge when type.IsCustom => throw ApiErrors.UnsupportedMediaType("application/strategic-merge-patch+json"),
                PatchType.StrategicMerge when patch is JsonObject map => StrategicMergePatch.Apply(existing, map),
                _ => throw ApiErrors.BadRequest($"the patch is not a JSON {(patchType == PatchType.Json ? "array" : "object")}"),
            };
            if (patched is not JsonObject patchedObject)
            {
                throw ApiErrors.BadRequest("the patched object is not a JSON object");
            }

            CheckResourceVersion(type, existing, patchedObject);
            return Commit(type, existing, patchedObject, subresource, options);
        }
    }

    private static void CheckResourceVersion(ResourceType type, JsonObject existing, JsonObject incoming)
    {
        var requested = ObjectMetadata.String(incoming, "resourceVersion");
        if (!string.IsNullOrEmpty(requested) && requested != ObjectMetadata.String(existing, "resourceVersion"))
        {
            throw ApiErrors.Conflict(type, ObjectMetadata.Name(existing));
        }
    }

    // Builds the new state from the request, keeps server-owned fields, and stores it unless nothing changed.
    private JsonObject Commit(ResourceType type, JsonObject existing, JsonObject incoming, string? subresource, WriteOptions options)
    {
        JsonObject updated;
        if (subresource == StatusSubresource)
        {
            if (!type.HasStatus)
            {
                throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({type.GroupResource}/status)");
            }

            updated = existing.DeepClone().AsObject();
            SetOrRemove(updated, "status", incoming["status"]);
        }
        else
        {
            updated = incoming.DeepClone().AsObject();
            if (type.HasStatus)
            {
                SetOrRemove(updated, "status", existing["status"]);
            }
        }

        var metadata = ObjectMetadata.Of(updated);
        var oldMetadata = existing["metadata"]!.AsObject();
        foreach (var serverField in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name", "generation", "resourceVersion" })
        {
            SetOrRemove(metadata, serverField, oldMetadata[serverField]);
        }

        metadata.Remove("managedFields");
        updated["apiVersion"] = existing["apiVersion"]?.DeepClone();
        updated["kind"] = type.Kind;
        PrepareKind(type, updated, existing, options);
        if (!JsonNode.DeepEquals(WithoutMetadataAndStatus(updated), WithoutMetadataAndStatus(existing)))
        {
            metadata["generation"] = ObjectMetadata.Generation(existing) + 1;
        }

        if (JsonNode.DeepEquals(updated, existing))
        {
            return WithApiVersion(type, existing.DeepClone().AsObject());
        }

        if (options.DryRun)
        {
            return WithApiVersion(type, updated);
        }

        metadata["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        if (ObjectMetadata.IsDeleting(updated) && ObjectMetadata.Finalizers(updated).Count == 0)
        {
            Remove(type, updated);
            return WithApiVersion(type, updated.DeepClone().AsObject());
        }

        Put(type, updated);
        Publish(WatchEvent.Modified, type, updated, existing);
        return WithApiVersion(type, updated.DeepClone().AsObject());
    }

    private static JsonObject WithoutMetadataAndStatus(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not ("metadata" or "status"))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static void SetOrRemove(JsonObject target, string key, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(key);
        }
        else
        {
            target[key] = value.DeepClone();
        }
    }
}
