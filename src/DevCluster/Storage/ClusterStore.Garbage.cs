using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

public sealed partial class ClusterStore
{
    // Since the last FindGarbage: objects created with owners (only they can be orphans), and whether anything was deleted (then all can).
    private readonly List<(string StorageKey, string Key)> _garbageSuspects = [];
    private bool _fullGarbageScan;

    /// <summary>What the garbage collector should do now: dependents whose owners are all gone (or deleting in the foreground), objects of deleted namespaces, and foreground owners whose dependents are gone.</summary>
    internal GarbageReport FindGarbage()
    {
        lock (_gate)
        {
            var fullScan = _fullGarbageScan;
            var suspects = _garbageSuspects.ToList();
            _fullGarbageScan = false;
            _garbageSuspects.Clear();
            if (!fullScan)
            {
                return new GarbageReport(OrphanedAmong(suspects), []);
            }

            var namespaces = Bucket(BuiltInResources.Namespaces).Keys.ToHashSet(StringComparer.Ordinal);
            var foregroundOwners = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in _objects.Values.SelectMany(bucket => bucket.Values))
            {
                if (IsForegroundDeleting(obj))
                {
                    foregroundOwners.Add(ObjectMetadata.Uid(obj));
                }
            }

            var dependents = new List<ObjectReference>();
            var ownersWithDependents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (storageKey, bucket) in _objects)
            {
                var type = Resources.FindStorage(storageKey).FirstOrDefault();
                if (type is null)
                {
                    continue;
                }

                foreach (var obj in bucket.Values)
                {
                    var owners = ObjectMetadata.OwnerUids(obj);
                    foreach (var owner in owners)
                    {
                        ownersWithDependents.Add(owner);
                    }

                    var orphaned = owners.Count > 0 && owners.All(owner => !_uids.ContainsKey(owner) || foregroundOwners.Contains(owner));
                    var namespaceGone = type.Namespaced && !namespaces.Contains(ObjectMetadata.Namespace(obj));
                    if ((orphaned || namespaceGone) && !ObjectMetadata.IsDeleting(obj))
                    {
                        dependents.Add(new ObjectReference(type, ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj)));
                    }
                }
            }

            var finishedOwners = foregroundOwners
                .Where(owner => !ownersWithDependents.Contains(owner))
                .Select(owner => _uids[owner])
                .Select(location => _objects[location.StorageKey][location.Key])
                .Select(obj => new ObjectReference(Resources.FindStorage(StorageKeyOf(obj)).First(), ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj)))
                .ToList();
            return new GarbageReport(dependents, finishedOwners);
        }
    }

    // A create can only orphan the created object: checking it alone keeps each write's cost independent of the object count.
    private List<ObjectReference> OrphanedAmong(List<(string StorageKey, string Key)> suspects)
    {
        var dependents = new List<ObjectReference>();
        foreach (var (storageKey, key) in suspects)
        {
            var type = Resources.FindStorage(storageKey).FirstOrDefault();
            if (type is null || !_objects.TryGetValue(storageKey, out var bucket) || bucket.GetValueOrDefault(key) is not { } obj || ObjectMetadata.IsDeleting(obj))
            {
                continue;
            }

            var owners = ObjectMetadata.OwnerUids(obj);
            var orphaned = owners.Count > 0 && owners.All(owner => !_uids.TryGetValue(owner, out var location) || IsForegroundDeleting(_objects[location.StorageKey][location.Key]));
            var namespaceGone = type.Namespaced && Find(BuiltInResources.Namespaces, null, ObjectMetadata.Namespace(obj)) is null;
            if (orphaned || namespaceGone)
            {
                dependents.Add(new ObjectReference(type, ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj)));
            }
        }

        return dependents;
    }

    private static bool IsForegroundDeleting(JsonObject obj) =>
        ObjectMetadata.IsDeleting(obj) && ObjectMetadata.Finalizers(obj).Contains(ForegroundDeletionFinalizer);

    private void GarbageAfterCreate(ResourceType type, JsonObject created)
    {
        _garbageSuspects.Add((type.StorageKey, Key(type, ObjectMetadata.Namespace(created), ObjectMetadata.Name(created))));
        _garbageMayExist = 1;
    }

    private void GarbageAfterDeletion()
    {
        _fullGarbageScan = true;
        _garbageMayExist = 1;
    }
}
