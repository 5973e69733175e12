using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>
/// Field ownership as the API server records it in metadata.managedFields (FieldsV1). Fields are leaf paths; lists
/// are atomic (owned as a whole, as with x-kubernetes-list-type: atomic), which is the one simplification.
/// </summary>
public static class ManagedFields
{
    /// <summary>Joins path segments; never part of a JSON key the API uses.</summary>
    public const char Separator = '\u001f';

    private static readonly string[] OwnedMetadata = ["labels", "annotations", "finalizers", "ownerReferences"];

    /// <summary>The object's leaf fields by path: the status subtree for a status write, everything a user sets otherwise.</summary>
    public static Dictionary<string, JsonNode?> Leaves(JsonObject? obj, bool hasStatusSubresource, string? subresource)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (obj is null)
        {
            return leaves;
        }

        foreach (var (key, value) in obj)
        {
            var wanted = subresource == ClusterStore.StatusSubresource
                ? key == "status"
                : key is not ("apiVersion" or "kind" or "metadata") && !(key == "status" && hasStatusSubresource);
            if (wanted)
            {
                Walk(value, key, leaves);
            }
        }

        if (subresource != ClusterStore.StatusSubresource && obj["metadata"] is JsonObject metadata)
        {
            foreach (var key in OwnedMetadata.Where(metadata.ContainsKey))
            {
                Walk(metadata[key], "metadata" + Separator + key, leaves);
            }
        }

        return leaves;
    }

    /// <summary>A path in the API's dotted form, as conflicts name it: ".metadata.labels.app".</summary>
    public static string Display(string path) => "." + path.Replace(Separator, '.');

    public static IReadOnlyList<ManagedFieldsEntry> Read(JsonObject obj)
    {
        if (obj["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return [];
        }

        return entries.OfType<JsonObject>().Select(entry => new ManagedFieldsEntry(
            entry["manager"]?.ToString() ?? "",
            entry["operation"]?.ToString() ?? ManagedFieldsEntry.Update,
            entry["apiVersion"]?.ToString() ?? "",
            entry["time"]?.ToString() ?? "",
            entry["subresource"]?.ToString(),
            Decode(entry["fieldsV1"] as JsonObject, ""))).ToList();
    }

    /// <summary>
    /// The entries after a write: an Apply owns exactly the fields it applied; an Update gains the fields it
    /// changed (taking them from their owners); fields taken by a forced apply leave their old owners; every entry keeps only fields that still exist.
    /// </summary>
    public static JsonArray AfterWrite(WriteContext write)
    {
        var newLeaves = Leaves(write.Updated, write.HasStatusSubresource, write.Subresource);
        var oldLeaves = Leaves(write.Existing, write.HasStatusSubresource, write.Subresource);
        var entries = write.Existing is null ? [] : Read(write.Existing).ToList();
        var operation = write.Applied is null ? ManagedFieldsEntry.Update : ManagedFieldsEntry.Apply;
        var index = entries.FindIndex(entry => entry.IsSameOwner(write.Manager, operation, write.Subresource));
        var mine = new HashSet<string>(index >= 0 ? entries[index].Fields : [], StringComparer.Ordinal);
        var takenOver = new HashSet<string>(write.TakenOver, StringComparer.Ordinal);
        if (write.Applied is not null)
        {
            mine = new HashSet<string>(write.Applied, StringComparer.Ordinal);
        }
        else
        {
            // An update never conflicts: the fields it changed become its own, whoever owned them before.
            var changed = newLeaves.Where(leaf => !oldLeaves.TryGetValue(leaf.Key, out var old) || !JsonNode.DeepEquals(old, leaf.Value)).Select(leaf => leaf.Key).ToList();
            mine.UnionWith(changed);
            takenOver.UnionWith(changed);
        }

        var candidate = new ManagedFieldsEntry(write.Manager, operation, write.ApiVersion, write.Time, write.Subresource, mine);
        if (index >= 0)
        {
            entries[index] = candidate;
        }
        else
        {
            entries.Add(candidate);
        }

        var before = write.Existing is null ? [] : Read(write.Existing).ToList();
        var result = new JsonArray();
        foreach (var entry in entries)
        {
            var kept = entry.Fields.Where(newLeaves.ContainsKey).ToHashSet(StringComparer.Ordinal);
            if (entry.Subresource == write.Subresource && !entry.IsSameOwner(write.Manager, operation, write.Subresource))
            {
                kept.ExceptWith(takenOver);
            }
            else if (entry.Subresource != write.Subresource)
            {
                kept = [.. entry.Fields];
            }

            if (kept.Count == 0)
            {
                continue;
            }

            // The time moves only for an entry whose fields changed, so an unchanged write stays byte-for-byte unchanged.
            var previous = before.FirstOrDefault(old => old.IsSameOwner(entry.Manager, entry.Operation, entry.Subresource));
            var time = previous is not null && previous.Fields.SetEquals(kept) ? previous.Time : write.Time;
            result.Add(Encode(entry with { Fields = kept, Time = time, ApiVersion = previous is not null && previous.Fields.SetEquals(kept) ? previous.ApiVersion : entry.ApiVersion }));
        }

        return result;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, JsonNode?> leaves)
    {
        if (node is JsonObject map && map.Count > 0)
        {
            foreach (var (key, value) in map)
            {
                Walk(value, path + Separator + key, leaves);
            }

            return;
        }

        leaves[path] = node;
    }

    private static JsonObject Encode(ManagedFieldsEntry entry)
    {
        var fields = new JsonObject();
        foreach (var path in entry.Fields.Order(StringComparer.Ordinal))
        {
            var node = fields;
            foreach (var segment in path.Split(Separator))
            {
                var key = "f:" + segment;
                node = node[key] as JsonObject ?? (JsonObject)(node[key] = new JsonObject());
            }
        }

        var encoded = new JsonObject
        {
            ["manager"] = entry.Manager,
            ["operation"] = entry.Operation,
            ["apiVersion"] = entry.ApiVersion,
            ["time"] = entry.Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (entry.Subresource is not null)
        {
            encoded["subresource"] = entry.Subresource;
        }

        return encoded;
    }

    private static HashSet<string> Decode(JsonObject? fields, string prefix)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (fields is null)
        {
            return paths;
        }

        foreach (var (key, value) in fields)
        {
            if (!key.StartsWith("f:", StringComparison.Ordinal))
            {
                // "k:", "v:", "i:" and "." (set by a real API server) are inside an atomic list here: its parent owns them.
                paths.Add(prefix.TrimEnd(Separator));
                continue;
            }

            var path = prefix + key[2..];
            if (value is JsonObject children && children.Count > 0)
            {
                paths.UnionWith(Decode(children, path + Separator));
            }
            else
            {
                paths.Add(path);
            }
        }

        paths.Remove("");
        return paths;
    }
}
