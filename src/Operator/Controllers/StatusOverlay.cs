using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime;

namespace KubeTune.Operator.Controllers;

/// <summary>
/// The status patches this replica sent that the informer cache may not show yet. The next pass sees the cached object
/// with them applied (the same merge patch the API server applied), as a copy: the cache itself is never written, and
/// no list of status fields can fall out of date. An entry ends when the cache shows every patched value, or the
/// object is deleted or replaced.
/// </summary>
public sealed class StatusOverlay
{
    private readonly ConcurrentDictionary<ObjectKey, Entry> pending = new();

    /// <summary>Records a status merge patch (<c>{"status": ...}</c>) sent for <paramref name="basis"/>.</summary>
    public void Record(FineTuneJob basis, string patchJson)
    {
        var patch = JsonNode.Parse(patchJson)!;
        pending.AddOrUpdate(
            KeyOf(basis),
            _ => new Entry(basis.Metadata.Uid, [patch]),
            (_, entry) => entry.Uid == basis.Metadata.Uid ? entry with { Patches = [.. entry.Patches, patch] } : new Entry(basis.Metadata.Uid, [patch]));
    }

    /// <summary>The object the reconciler should see: <paramref name="cached"/> itself, or a copy with the pending patches applied.</summary>
    public FineTuneJob View(FineTuneJob cached)
    {
        var key = KeyOf(cached);
        if (!pending.TryGetValue(key, out var entry))
        {
            return cached;
        }

        if (entry.Uid != cached.Metadata.Uid)
        {
            pending.TryRemove(key, out _);
            return cached;
        }

        var patched = WithPatches(cached, entry);
        if (patched is null)
        {
            // The cache shows everything this replica wrote: nothing left to overlay.
            pending.TryRemove(new KeyValuePair<ObjectKey, Entry>(key, entry));
            return cached;
        }

        return KubernetesJson.Deserialize<FineTuneJob>(patched.ToJsonString());
    }

    /// <summary>
    /// Whether <paramref name="cached"/> already shows every status patch this replica sent for it (the watch echo of
    /// its own writes); the entry ends then. False when nothing is pending or something is still missing.
    /// </summary>
    public bool Acknowledge(FineTuneJob cached)
    {
        var key = KeyOf(cached);
        if (!pending.TryGetValue(key, out var entry) || entry.Uid != cached.Metadata.Uid)
        {
            return false;
        }

        return WithPatches(cached, entry) is null && pending.TryRemove(new KeyValuePair<ObjectKey, Entry>(key, entry));
    }

    public void Forget(string ns, string name) => pending.TryRemove(new ObjectKey(ns, name), out _);

    // The cached object with the entry's patches applied, or null when that changes nothing (the cache shows them all).
    private static JsonNode? WithPatches(FineTuneJob cached, Entry entry)
    {
        var original = JsonNode.Parse(KubernetesJson.Serialize(cached))!;
        var patched = entry.Patches.Aggregate(original, (node, patch) => JsonMergePatch.Apply(node, patch)!);
        return JsonNode.DeepEquals(original, patched) ? null : patched;
    }

    private static ObjectKey KeyOf(FineTuneJob job) => new(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name);

    private sealed record Entry(string? Uid, IReadOnlyList<JsonNode> Patches);
}
