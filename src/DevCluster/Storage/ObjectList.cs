using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>The result of a list: the matching objects and the resourceVersion the list was taken at.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, long ResourceVersion);
