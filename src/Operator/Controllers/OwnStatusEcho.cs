using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers;

/// <summary>
/// A FineTuneJob change that is only the watch echo of this replica's own status patches: same generation, labels,
/// annotations, finalizers and deletion, and a status showing exactly what was patched. Reconciling it again would
/// compute the same children and status, so it is not queued (a third of the reconciles of a new job).
/// </summary>
public static class OwnStatusEcho
{
    public static bool Is(FineTuneJob previous, FineTuneJob current, StatusOverlay overlay) =>
        previous.Metadata.Uid == current.Metadata.Uid
        && previous.Metadata.Generation == current.Metadata.Generation
        && previous.Metadata.DeletionTimestamp == current.Metadata.DeletionTimestamp
        && SameEntries(previous.Metadata.Labels, current.Metadata.Labels)
        && SameEntries(previous.Metadata.Annotations, current.Metadata.Annotations)
        && (previous.Metadata.Finalizers ?? []).SequenceEqual(current.Metadata.Finalizers ?? [])
        && overlay.Acknowledge(current);

    private static bool SameEntries(IDictionary<string, string>? left, IDictionary<string, string>? right) =>
        (left?.Count ?? 0) == (right?.Count ?? 0)
        && (left ?? new Dictionary<string, string>()).All(entry => right is not null && right.TryGetValue(entry.Key, out var value) && value == entry.Value);
}
