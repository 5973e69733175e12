using System.Text.Json.Nodes;
using KubeTune.DevCluster.Jobs;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// A container's effective securityContext: the container's fields win over the pod's (runAsUser, runAsGroup,
/// runAsNonRoot); fsGroup and supplementalGroups come from the pod, the rest from the container.
/// </summary>
public sealed record ContainerSecurity(
    long? RunAsUser,
    long? RunAsGroup,
    bool RunAsNonRoot,
    long? FsGroup,
    IReadOnlyList<long> SupplementalGroups,
    bool ReadOnlyRootFilesystem,
    bool NoNewPrivileges,
    IReadOnlyList<string> DropCapabilities,
    IReadOnlyList<string> AddCapabilities,
    bool Privileged)
{
    public static ContainerSecurity Resolve(JsonObject pod, JsonObject container)
    {
        var podContext = pod["spec"]?["securityContext"] as JsonObject;
        var own = container["securityContext"] as JsonObject;
        long? Number(string field) => JsonNumbers.Long(own?[field]) ?? JsonNumbers.Long(podContext?[field]);
        bool Flag(JsonObject? from, string field) => from?[field]?.GetValue<bool>() ?? false;
        return new ContainerSecurity(
            Number("runAsUser"),
            Number("runAsGroup"),
            own?["runAsNonRoot"]?.GetValue<bool>() ?? Flag(podContext, "runAsNonRoot"),
            JsonNumbers.Long(podContext?["fsGroup"]),
            (podContext?["supplementalGroups"] as JsonArray)?.Select(group => JsonNumbers.Long(group) ?? 0).ToList() ?? [],
            Flag(own, "readOnlyRootFilesystem"),
            own?["allowPrivilegeEscalation"]?.GetValue<bool>() == false,
            Strings(own?["capabilities"]?["drop"]),
            Strings(own?["capabilities"]?["add"]),
            Flag(own, "privileged"));
    }

    /// <summary>
    /// The kubelet's runAsNonRoot check: with no runAsUser the image's user must be numeric and not 0
    /// (<paramref name="imageUser"/> as the image config says it, "" for root); null when the container may start.
    /// </summary>
    public string? NonRootViolation(string imageUser)
    {
        if (!RunAsNonRoot)
        {
            return null;
        }

        if (RunAsUser is { } user)
        {
            return user == 0 ? "container's runAsUser breaks non-root policy" : null;
        }

        var name = imageUser.Split(':')[0];
        if (name.Length == 0 || name == "root" || name == "0")
        {
            return "container has runAsNonRoot and image will run as root";
        }

        return long.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? null
            : $"container has runAsNonRoot and image has non-numeric user ({name}), cannot verify user is non-root";
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item?.GetValue<string>() ?? "")] : [];
}
