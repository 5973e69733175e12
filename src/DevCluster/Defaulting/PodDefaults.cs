using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Defaulting;

/// <summary>The core/v1 PodSpec defaults the API server applies (to pods and to pod templates), the ones clients see most.</summary>
public static class PodDefaults
{
    public const string DefaultScheduler = "default-scheduler";
    public const string TerminationMessagePath = "/dev/termination-log";

    /// <summary>Fills the missing fields of a pod's spec; <paramref name="isPod"/> adds what only pods (not templates) get.</summary>
    public static void ApplyToSpec(JsonObject spec, bool isPod)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= DefaultScheduler;
        spec["securityContext"] ??= new JsonObject();
        if (isPod)
        {
            spec["enableServiceLinks"] ??= true;
        }

        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is JsonArray containers)
            {
                foreach (var container in containers.OfType<JsonObject>())
                {
                    ApplyToContainer(container);
                }
            }
        }
    }

    private static void ApplyToContainer(JsonObject container)
    {
        container["terminationMessagePath"] ??= TerminationMessagePath;
        container["terminationMessagePolicy"] ??= "File";
        container["resources"] ??= new JsonObject();
        if (container["imagePullPolicy"] is null && container["image"] is JsonValue image && image.TryGetValue<string>(out var reference))
        {
            container["imagePullPolicy"] = PullPolicyFor(reference);
        }
    }

    // Like the API server: no tag or :latest pulls Always, anything else (a tag or a digest) IfNotPresent.
    internal static string PullPolicyFor(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }
}
