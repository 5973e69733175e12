using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>A change kept in the watch history: the event plus what a watcher filters on.</summary>
internal sealed record StoredEvent(string Type, JsonObject Object, JsonObject? Previous, long ResourceVersion, string StorageKey);
