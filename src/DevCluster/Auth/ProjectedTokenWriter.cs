using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Auth;

/// <summary>
/// The kubelet's part of projected serviceAccountToken volumes: finds them in a pod spec, issues each a token
/// bound to the pod (audience, expirationSeconds, path), and keeps it written under the pod's directory in
/// <c>volumes/VOLUME/PATH</c> while the container runs.
/// </summary>
public sealed class ProjectedTokenWriter(ServiceAccountTokenIssuer issuer)
{
    /// <summary>Kubernetes' default expirationSeconds of a projected token.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public const string VolumesFolder = "volumes";

    /// <summary>The serviceAccountToken sources of the pod's projected volumes, with the container's mount path of each volume.</summary>
    public static IReadOnlyList<ProjectedTokenSource> Find(JsonObject pod, JsonObject container)
    {
        var mounts = (container["volumeMounts"] as JsonArray)?.OfType<JsonObject>()
            .Where(mount => mount["name"] is not null && mount["mountPath"] is not null)
            .GroupBy(mount => mount["name"]!.GetValue<string>())
            .ToDictionary(group => group.Key, group => group.First()["mountPath"]!.GetValue<string>(), StringComparer.Ordinal)
            ?? [];
        var found = new List<ProjectedTokenSource>();
        foreach (var volume in (pod["spec"]?["volumes"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = volume["name"]?.GetValue<string>() ?? string.Empty;
            foreach (var projection in (volume["projected"]?["sources"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (projection["serviceAccountToken"] is not JsonObject token)
                {
                    continue;
                }

                var path = token["path"]?.GetValue<string>();
                if (string.IsNullOrEmpty(path) || Path.IsPathRooted(path) || path.Split('/').Contains(".."))
                {
                    throw new FormatException($"volume {name}: serviceAccountToken.path must be a relative path without '..', was '{path}'");
                }

                var seconds = token["expirationSeconds"] is JsonValue value ? long.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : (long)DefaultLifetime.TotalSeconds;
                if (seconds <= 0)
                {
                    throw new FormatException($"volume {name}: serviceAccountToken.expirationSeconds must be positive, was {seconds}");
                }

                found.Add(new ProjectedTokenSource(name, token["audience"]?.GetValue<string>() ?? string.Empty, TimeSpan.FromSeconds(seconds), path, mounts.GetValueOrDefault(name)));
            }
        }

        return found;
    }

    /// <summary>Writes the container's token files and starts rotating them; dispose when the container stops.</summary>
    public ProjectedTokenFiles Start(JsonObject pod, JsonObject container, string podDirectory)
    {
        var ns = ObjectMetadata.Namespace(pod);
        var podName = ObjectMetadata.Name(pod);
        var podUid = ObjectMetadata.Uid(pod);
        var serviceAccount = pod["spec"]?["serviceAccountName"]?.GetValue<string>() is { Length: > 0 } account ? account : "default";
        var volumesDirectory = Path.Combine(podDirectory, VolumesFolder);
        var sources = Find(pod, container).Where(source => source.MountPath is not null).ToList();
        var tokens = sources.Select(source => (source, Path.Combine(volumesDirectory, source.VolumeName, source.Path))).ToList();
        var mounts = sources
            .GroupBy(source => source.MountPath!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => Path.Combine(volumesDirectory, group.First().VolumeName), StringComparer.Ordinal);
        return new ProjectedTokenFiles(
            tokens,
            mounts,
            source => issuer.Issue(new ServiceAccountTokenRequest(
                ns, serviceAccount, source.Audience.Length > 0 ? [source.Audience] : [], source.Lifetime, podName, podUid)),
            issuer.Time);
    }
}
