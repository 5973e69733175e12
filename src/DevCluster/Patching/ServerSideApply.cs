using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Patching;

/// <summary>
/// Server-side apply (application/apply-patch+yaml) on an existing object, pure: the applied configuration's fields
/// are set, fields this manager applied before and no longer applies are removed unless another manager owns them, and
/// a field another manager owns with a different value is a conflict unless forced.
/// </summary>
public static class ServerSideApply
{
    public static ApplyResult Apply(JsonObject live, JsonObject configuration, string manager, bool force, bool hasStatusSubresource, string? subresource)
    {
        var applied = ManagedFields.Leaves(configuration, hasStatusSubresource, subresource);
        var current = ManagedFields.Leaves(live, hasStatusSubresource, subresource);
        var entries = ManagedFields.Read(live).Where(entry => entry.Subresource == subresource).ToList();
        var others = entries.Where(entry => entry.Manager != manager).ToList();

        var conflicts = new List<ApplyConflict>();
        foreach (var (path, value) in applied)
        {
            if (current.TryGetValue(path, out var liveValue) && JsonNode.DeepEquals(liveValue, value))
            {
                continue;
            }

            conflicts.AddRange(others.Where(entry => entry.Fields.Any(owned => Overlaps(owned, path)))
                .Select(entry => new ApplyConflict(entry.Manager, entry.ApiVersion, path)));
        }

        if (conflicts.Count > 0 && !force)
        {
            return new ApplyResult(null, applied.Keys.ToHashSet(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), conflicts);
        }

        var merged = live.DeepClone().AsObject();
        var previous = entries.FirstOrDefault(entry => entry.IsSameOwner(manager, ManagedFieldsEntry.Apply, subresource))?.Fields ?? new HashSet<string>();
        foreach (var dropped in previous.Where(path => !applied.ContainsKey(path)))
        {
            if (!others.Any(entry => entry.Fields.Contains(dropped)))
            {
                Remove(merged, dropped);
            }
        }

        foreach (var (path, value) in applied)
        {
            Set(merged, path, value);
        }

        var takenOver = conflicts.Select(conflict => conflict.Path).ToHashSet(StringComparer.Ordinal);
        return new ApplyResult(merged, applied.Keys.ToHashSet(StringComparer.Ordinal), takenOver, []);
    }

    /// <summary>The 409 an API server answers, naming each field and its manager: kubectl prints it with its advice.</summary>
    public static StatusException ConflictError(ResourceType type, string name, IReadOnlyList<ApplyConflict> conflicts)
    {
        var lines = conflicts.Select(conflict => $"conflict with \"{conflict.Manager}\" using {conflict.ApiVersion}: {ManagedFields.Display(conflict.Path)}").ToList();
        var message = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: {lines[0]}"
            : $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        var causes = new JsonArray([.. conflicts.Select((conflict, index) => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = lines[index],
            ["field"] = ManagedFields.Display(conflict.Path),
        })]);
        var details = new JsonObject { ["name"] = name, ["kind"] = type.Plural, ["causes"] = causes };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        return new StatusException(409, "Conflict", message, details);
    }

    private static bool Overlaps(string owned, string path) =>
        owned == path
        || owned.StartsWith(path + ManagedFields.Separator, StringComparison.Ordinal)
        || path.StartsWith(owned + ManagedFields.Separator, StringComparison.Ordinal);

    private static void Set(JsonObject target, string path, JsonNode? value)
    {
        var segments = path.Split(ManagedFields.Separator);
        var node = target;
        foreach (var segment in segments[..^1])
        {
            node = node[segment] as JsonObject ?? (JsonObject)(node[segment] = new JsonObject());
        }

        node[segments[^1]] = value?.DeepClone();
    }

    private static void Remove(JsonObject target, string path)
    {
        var segments = path.Split(ManagedFields.Separator);
        var node = target;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                return;
            }

            node = child;
        }

        node.Remove(segments[^1]);
    }
}
