using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>One watch event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (Object is then a Status).</summary>
public sealed record WatchEvent(string Type, JsonObject Object, long ResourceVersion)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";

    public JsonObject ToJson() => new() { ["type"] = Type, ["object"] = Object.DeepClone() };
}
