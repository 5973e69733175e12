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
            if (patchType == PatchType.Apply)
            {
                return ApplyLocked(type, ns, name, patch, subresource, options);
            }

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

    // Server-side apply: creates the object when it is missing, else merges with field ownership (409 on conflicts unless forced).
    private JsonObject ApplyLocked(ResourceType type, string? ns, string name, JsonNode patch, string? subresource, WriteOptions options)
    {
        if (patch is not JsonObject configuration)
        {
            throw ApiErrors.BadRequest("the applied configuration is not an object");
        }

        var kind = configuration["kind"]?.ToString();
        var apiVersion = configuration["apiVersion"]?.ToString();
        if (kind != type.Kind || apiVersion != type.ApiVersion)
        {
            throw ApiErrors.BadRequest($"the applied configuration has apiVersion \"{apiVersion}\" and kind \"{kind}\"; this URL takes {type.ApiVersion} {type.Kind}");
        }

        var bodyName = ObjectMetadata.Name(configuration);
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        ObjectMetadata.Of(configuration)["name"] = name;
        var existing = Find(type, type.Namespaced ? ns : null, name);
        if (existing is null)
        {
            if (subresource is not null)
            {
                throw ApiErrors.NotFound(type, name);
            }

            var applied = ManagedFields.Leaves(configuration, type.HasStatus, null).Keys.ToHashSet(StringComparer.Ordinal);
            return CreateLocked(type, ns, configuration, options, applied);
        }

        var result = ServerSideApply.Apply(existing, configuration, options.FieldManager, options.Force, type.HasStatus, subresource);
        if (result.Merged is null)
        {
            throw ServerSideApply.ConflictError(type, name, result.Conflicts);
        }

        CheckResourceVersion(type, existing, configuration);
        ObjectMetadata.Of(result.Merged)["resourceVersion"] = existing["metadata"]?["resourceVersion"]?.DeepClone();
        return Commit(type, existing, result.Merged, subresource, options, result);
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
    private JsonObject Commit(ResourceType type, JsonObject existing, JsonObject incoming, string? subresource, WriteOptions options, ApplyResult? apply = null)
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
        SetManagedFields(type, existing, updated, subresource, options, apply?.Applied, apply?.TakenOver);
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

    private void SetManagedFields(ResourceType type, JsonObject? existing, JsonObject updated, string? subresource, WriteOptions options, IReadOnlySet<string>? applied, IReadOnlySet<string>? takenOver)
    {
        var entries = ManagedFields.AfterWrite(new WriteContext(
            existing, updated, type.HasStatus, subresource, options.FieldManager, type.ApiVersion, ObjectMetadata.FormatTime(_time.GetUtcNow()),
            applied, takenOver ?? new HashSet<string>()));
        var metadata = ObjectMetadata.Of(updated);
        if (entries.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = entries;
        }
    }
}
