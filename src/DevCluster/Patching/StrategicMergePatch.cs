using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds, as <c>kubectl apply</c> sends it: maps merge, lists with a merge key
/// (containers, env, volumes, ports, ...) merge item by item, other lists replace; <c>$patch</c>,
/// <c>$retainKeys</c>, <c>$deleteFromPrimitiveList</c> and <c>$setElementOrder</c> directives are honoured or tolerated.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["resourceClaims"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    // Lists of strings that merge as sets instead of being replaced.
    private static readonly HashSet<string> PrimitiveMergeLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject original, JsonObject patch) =>
        MergeMap(original.DeepClone().AsObject(), patch) ?? [];

    private static JsonObject? MergeMap(JsonObject result, JsonObject patch)
    {
        var directive = patch[PatchDirective]?.ToString();
        if (directive == "delete")
        {
            return null;
        }

        if (directive == "replace")
        {
            return (JsonObject?)StripDirectives(patch);
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveListPrefix.Length..];
                if (result[field] is JsonArray list && value is JsonArray removals)
                {
                    var remove = removals.Select(item => item?.ToJsonString()).ToHashSet();
                    result[field] = new JsonArray([.. list.Where(item => !remove.Contains(item?.ToJsonString())).Select(item => item?.DeepClone())]);
                }

                continue;
            }

            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject patchMap && result[key] is JsonObject originalMap)
            {
                var merged = MergeMap(originalMap, patchMap);
                if (merged is null)
                {
                    result.Remove(key);
                }
                else if (!ReferenceEquals(merged, originalMap))
                {
                    result[key] = merged;
                }
            }
            else if (value is JsonArray patchList && result[key] is JsonArray originalList)
            {
                result[key] = MergeList(key, originalList, patchList);
            }
            else
            {
                var replacement = StripDirectives(value);
                if (replacement is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = replacement;
                }
            }
        }

        if (patch[RetainKeysDirective] is JsonArray retain)
        {
            var keep = retain.Select(item => item?.ToString()).ToHashSet();
            foreach (var key in result.Select(pair => pair.Key).Where(key => !keep.Contains(key)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray original, JsonArray patch)
    {
        if (patch.OfType<JsonObject>().Any(item => item[PatchDirective]?.ToString() == "replace"))
        {
            return new JsonArray([.. patch.Where(item => item?[PatchDirective]?.ToString() != "replace").Select(StripDirectives)]);
        }

        var mergeKey = MergeKeyFor(field, original, patch);
        if (mergeKey is null)
        {
            if (PrimitiveMergeLists.Contains(field))
            {
                var seen = original.Select(item => item?.ToJsonString()).ToHashSet();
                var union = new JsonArray([.. original.Select(item => item?.DeepClone())]);
                foreach (var item in patch.Where(item => seen.Add(item?.ToJsonString())))
                {
                    union.Add(item?.DeepClone());
                }

                return union;
            }

            return new JsonArray([.. patch.Select(StripDirectives)]);
        }

        var items = original.Select(item => item?.DeepClone()).ToList();
        foreach (var patchItem in patch.OfType<JsonObject>())
        {
            var keyValue = patchItem[mergeKey]?.ToJsonString();
            var index = items.FindIndex(item => item is JsonObject obj && obj[mergeKey]?.ToJsonString() == keyValue);
            if (patchItem[PatchDirective]?.ToString() == "delete")
            {
                items.RemoveAll(item => item is JsonObject obj && obj[mergeKey]?.ToJsonString() == keyValue);
            }
            else if (index >= 0 && items[index] is JsonObject existing)
            {
                items[index] = MergeMap(existing, patchItem);
            }
            else
            {
                items.Add(StripDirectives(patchItem));
            }
        }

        return new JsonArray([.. items.Where(item => item is not null)]);
    }

    private static string? MergeKeyFor(string field, JsonArray original, JsonArray patch)
    {
        if (field == "ports")
        {
            // Container ports merge by containerPort, service ports by port.
            return original.Concat(patch).OfType<JsonObject>().Any(item => item.ContainsKey("containerPort")) ? "containerPort" : "port";
        }

        return MergeKeys.GetValueOrDefault(field);
    }

    private static JsonNode? StripDirectives(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!key.StartsWith('$'))
                    {
                        copy[key] = StripDirectives(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(StripDirectives)]);
            default:
                return node?.DeepClone();
        }
    }
}
