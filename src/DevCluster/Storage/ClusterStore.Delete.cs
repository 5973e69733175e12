using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

public sealed partial class ClusterStore
{
    public const string ForegroundDeletionFinalizer = "foregroundDeletion";

    public JsonObject Delete(GroupVersionResource resource, string? ns, string name, PropagationPolicy propagation = PropagationPolicy.Background, string? preconditionUid = null) =>
        Delete(Resolve(resource), ns, name, propagation, preconditionUid);

    /// <summary>Deletes the object, or only marks it (deletionTimestamp) while it has finalizers. Returns its last state.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, PropagationPolicy propagation = PropagationPolicy.Background, string? preconditionUid = null, WriteOptions? options = null)
    {
        var dryRun = options?.DryRun == true;
        JsonObject result;
        lock (_gate)
        {
            ns = type.Namespaced ? ns : null;
            var existing = Find(type, ns, name) ?? throw ApiErrors.NotFound(type, name);
            var uid = ObjectMetadata.Uid(existing);
            if (!string.IsNullOrEmpty(preconditionUid) && preconditionUid != uid)
            {
                throw ApiErrors.Conflict(type, name, $"Precondition failed: UID in precondition: {preconditionUid}, UID in object meta: {uid}");
            }

            if (propagation == PropagationPolicy.Orphan && !dryRun)
            {
                OrphanDependents(uid);
            }

            var finalizers = ObjectMetadata.Finalizers(existing).ToList();
            if (propagation == PropagationPolicy.Foreground && !finalizers.Contains(ForegroundDeletionFinalizer) && !ObjectMetadata.IsDeleting(existing))
            {
                finalizers.Add(ForegroundDeletionFinalizer);
            }

            if (finalizers.Count > 0)
            {
                if (ObjectMetadata.IsDeleting(existing) && finalizers.Count == ObjectMetadata.Finalizers(existing).Count)
                {
                    return WithApiVersion(type, existing.DeepClone().AsObject());
                }

                var marked = existing.DeepClone().AsObject();
                var metadata = ObjectMetadata.Of(marked);
                metadata["finalizers"] = new JsonArray([.. finalizers.Select(finalizer => (JsonNode?)finalizer)]);
                if (!ObjectMetadata.IsDeleting(marked))
                {
                    metadata["deletionTimestamp"] = ObjectMetadata.FormatTime(_time.GetUtcNow());
                    metadata["deletionGracePeriodSeconds"] = 0;
                }

                if (dryRun)
                {
                    return WithApiVersion(type, marked);
                }

                metadata["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
                Put(type, marked);
                Publish(WatchEvent.Modified, type, marked, existing);
                GarbageAfterDeletion();
                result = marked;
            }
            else if (dryRun)
            {
                return WithApiVersion(type, existing.DeepClone().AsObject());
            }
            else
            {
                var deleted = existing.DeepClone().AsObject();
                ObjectMetadata.Of(deleted)["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
                Remove(type, deleted);
                result = deleted;
            }
        }

        SignalGarbage();
        return WithApiVersion(type, result.DeepClone().AsObject());
    }

    private string StorageKeyOf(JsonObject obj) => _uids[ObjectMetadata.Uid(obj)].StorageKey;

    private void Remove(ResourceType type, JsonObject lastState)
    {
        Bucket(type).Remove(Key(type, ObjectMetadata.Namespace(lastState), ObjectMetadata.Name(lastState)));
        GarbageAfterDeletion();
        _uids.Remove(ObjectMetadata.Uid(lastState));
        Publish(WatchEvent.Deleted, type, lastState, null);
        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            RemoveServedResources(lastState);
        }
    }

    // Deleting a CRD stops serving its resources and deletes every custom resource of it.
    private void RemoveServedResources(JsonObject crd)
    {
        var group = crd["spec"]?["group"]?.ToString() ?? "";
        var plural = crd["spec"]?["names"]?["plural"]?.ToString() ?? "";
        var storageKey = $"{plural}.{group}";
        var type = Resources.FindStorage(storageKey).FirstOrDefault();
        if (type is not null && _objects.TryGetValue(storageKey, out var bucket))
        {
            foreach (var obj in bucket.Values.ToList())
            {
                var deleted = obj.DeepClone().AsObject();
                ObjectMetadata.Of(deleted)["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
                Remove(type, deleted);
            }
        }

        _objects.Remove(storageKey);
        Resources.Unregister(ObjectMetadata.Name(crd));
    }

    private void OrphanDependents(string ownerUid)
    {
        foreach (var (storageKey, bucket) in _objects.ToList())
        {
            var type = Resources.FindStorage(storageKey).FirstOrDefault();
            foreach (var obj in bucket.Values.Where(obj => ObjectMetadata.OwnerUids(obj).Contains(ownerUid)).ToList())
            {
                if (type is null)
                {
                    continue;
                }

                var orphan = obj.DeepClone().AsObject();
                var references = orphan["metadata"]!["ownerReferences"]!.AsArray();
                foreach (var reference in references.Where(reference => reference?["uid"]?.ToString() == ownerUid).ToList())
                {
                    references.Remove(reference);
                }

                if (references.Count == 0)
                {
                    orphan["metadata"]!.AsObject().Remove("ownerReferences");
                }

                ObjectMetadata.Of(orphan)["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
                Put(type, orphan);
                Publish(WatchEvent.Modified, type, orphan, obj);
            }
        }
    }
}
