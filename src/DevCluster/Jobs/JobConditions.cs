using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Jobs;

/// <summary>Reads and sets batch/v1 Job conditions in a status object, keeping transition times when nothing changes.</summary>
internal static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";
    public const string FailureTarget = "FailureTarget";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";

    public static bool IsTrue(JsonObject status, string type) => Find(status, type)?["status"]?.GetValue<string>() == "True";

    public static JsonObject? Find(JsonObject status, string type) =>
        status["conditions"] is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(condition => condition["type"]?.GetValue<string>() == type)
            : null;

    /// <summary>Sets a condition; returns true when its status changed (or it is new).</summary>
    public static bool Set(JsonObject status, string type, bool value, string reason, string message, string now)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var text = value ? "True" : "False";
        var existing = Find(status, type);
        if (existing is not null && existing["status"]?.GetValue<string>() == text)
        {
            if (existing["reason"]?.GetValue<string>() != reason || existing["message"]?.GetValue<string>() != message)
            {
                existing["reason"] = reason;
                existing["message"] = message;
                existing["lastProbeTime"] = now;
            }

            return false;
        }

        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastProbeTime"] = now,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }

        return true;
    }
}
