using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Patching;

/// <summary>The merged object (null when conflicts stop the apply), the fields the applier now owns, and those it took by force.</summary>
public sealed record ApplyResult(JsonObject? Merged, IReadOnlySet<string> Applied, IReadOnlySet<string> TakenOver, IReadOnlyList<ApplyConflict> Conflicts);
