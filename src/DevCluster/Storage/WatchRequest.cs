using KubeTune.DevCluster.Selection;

namespace KubeTune.DevCluster.Storage;

/// <summary>What a watch asks for: where to start and which objects.</summary>
/// <param name="ResourceVersion">Start after this version; null, empty or "0" starts with ADDED for every existing object.</param>
public sealed record WatchRequest(string? ResourceVersion = null)
{
    public LabelSelector Labels { get; init; } = LabelSelector.Everything;

    public FieldSelector Fields { get; init; } = FieldSelector.Everything;

    /// <summary>When true, the initial ADDED events end with a BOOKMARK annotated <c>k8s.io/initial-events-end</c>.</summary>
    public bool SendInitialEventsBookmark { get; init; }
}
