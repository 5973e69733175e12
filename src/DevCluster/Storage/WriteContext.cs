using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>
/// One write as managedFields sees it: the object before (null on create) and after, who wrote it, the fields an
/// Apply owns (null for an Update) and the fields a forced Apply took from other managers.
/// </summary>
public sealed record WriteContext(
    JsonObject? Existing,
    JsonObject Updated,
    bool HasStatusSubresource,
    string? Subresource,
    string Manager,
    string ApiVersion,
    string Time,
    IReadOnlySet<string>? Applied,
    IReadOnlySet<string> TakenOver);
