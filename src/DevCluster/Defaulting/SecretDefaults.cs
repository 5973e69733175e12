using System.Text;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Defaulting;

/// <summary>What the API server does to a core/v1 Secret on write: type Opaque by default, stringData merged into data (base64) and dropped.</summary>
public static class SecretDefaults
{
    public const string DefaultType = "Opaque";

    public static void Apply(JsonObject secret)
    {
        if (string.IsNullOrEmpty(secret["type"]?.ToString()))
        {
            secret["type"] = DefaultType;
        }

        if (secret["stringData"] is not JsonObject plain)
        {
            secret.Remove("stringData");
            return;
        }

        if (secret["data"] is not JsonObject data)
        {
            data = [];
            secret["data"] = data;
        }

        foreach (var (key, value) in plain)
        {
            // stringData wins over data for the same key, as in the API server.
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        }

        secret.Remove("stringData");
    }
}
