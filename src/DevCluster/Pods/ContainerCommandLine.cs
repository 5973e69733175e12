using System.Text;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// Resolves a container into a local process the way a kubelet builds it: the mapped command stands in for the image
/// entrypoint, a pod <c>command</c> replaces it, pod <c>args</c> are appended, and <c>$(VAR)</c> expands from the env.
/// </summary>
public static class ContainerCommandLine
{
    public static ContainerLaunch Resolve(ClusterStore store, JsonObject pod, JsonObject container, ImageCommand image, string podDirectory)
    {
        var environment = ResolveEnvironment(store, pod, container);
        var command = Strings(container["command"]) is { Count: > 0 } podCommand ? podCommand : [.. image.Command];
        var arguments = Strings(container["args"]);
        var argv = command.Concat(arguments).Select(value => Expand(value, environment)).ToList();
        environment["HOSTNAME"] = ObjectMetadata.Name(pod);
        environment["DEVCLUSTER_POD_DIR"] = podDirectory;
        var workingDirectory = image.WorkingDir ?? podDirectory;
        return new ContainerLaunch(argv[0], argv[1..], environment, workingDirectory);
    }

    /// <summary>
    /// The container's environment as a kubelet builds it: every key of the envFrom Secrets and ConfigMaps (with their
    /// prefix), then env in order, which overrides them: literal values (with <c>$(VAR)</c> expansion), fieldRef,
    /// configMapKeyRef and secretKeyRef.
    /// </summary>
    public static Dictionary<string, string> ResolveEnvironment(ClusterStore store, JsonObject pod, JsonObject container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            AddEnvFrom(store, pod, source, environment);
        }

        if (container["env"] is not JsonArray variables)
        {
            return environment;
        }

        foreach (var variable in variables.OfType<JsonObject>())
        {
            var name = variable["name"]?.GetValue<string>() ?? throw new ContainerConfigException("env: an entry has no name");
            if (variable["valueFrom"] is JsonObject source)
            {
                if (ValueFrom(store, pod, name, source) is { } value)
                {
                    environment[name] = value;
                }
            }
            else
            {
                environment[name] = Expand(variable["value"]?.GetValue<string>() ?? "", environment);
            }
        }

        return environment;
    }

    /// <summary>Kubernetes' variable expansion: <c>$(NAME)</c> becomes the value when NAME is defined, <c>$$</c> becomes <c>$</c>.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> environment)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i + 2) is var end && end > 0
                && environment.TryGetValue(text[(i + 2)..end], out var value))
            {
                result.Append(value);
                i = end;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private static void AddEnvFrom(ClusterStore store, JsonObject pod, JsonObject source, Dictionary<string, string> environment)
    {
        var prefix = source["prefix"]?.GetValue<string>() ?? "";
        var (kind, resource, decode) = source["secretRef"] is not null
            ? ("secretRef", GroupVersionResource.Secrets, true)
            : ("configMapRef", GroupVersionResource.ConfigMaps, false);
        if (source[kind] is not JsonObject reference)
        {
            throw new ContainerConfigException("envFrom: an entry names neither secretRef nor configMapRef");
        }

        var objectName = reference["name"]?.GetValue<string>() ?? "";
        var holder = store.TryGet(resource, ObjectMetadata.Namespace(pod), objectName);
        if (holder is null)
        {
            if (reference["optional"]?.GetValue<bool>() == true)
            {
                return;
            }

            throw new ContainerConfigException($"envFrom: {resource.Resource} \"{objectName}\" not found");
        }

        foreach (var (key, value) in holder["data"] as JsonObject ?? [])
        {
            // A kubelet skips keys that cannot be variable names (and reports them in an Event).
            var name = prefix + key;
            if (name.Contains('=', StringComparison.Ordinal) || value is null)
            {
                continue;
            }

            var text = value.GetValue<string>();
            environment[name] = decode ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
        }
    }

    private static string? ValueFrom(ClusterStore store, JsonObject pod, string name, JsonObject source)
    {
        if (source["fieldRef"]?["fieldPath"]?.GetValue<string>() is { } fieldPath)
        {
            return FieldValue(pod, fieldPath) ?? throw new ContainerConfigException($"env {name}: fieldRef {fieldPath} is not supported");
        }

        foreach (var (kind, resource, decode) in new[] { ("configMapKeyRef", GroupVersionResource.ConfigMaps, false), ("secretKeyRef", GroupVersionResource.Secrets, true) })
        {
            if (source[kind] is not JsonObject reference)
            {
                continue;
            }

            var objectName = reference["name"]?.GetValue<string>() ?? "";
            var key = reference["key"]?.GetValue<string>() ?? "";
            var optional = reference["optional"]?.GetValue<bool>() ?? false;
            var holder = store.TryGet(resource, ObjectMetadata.Namespace(pod), objectName);
            var raw = holder?["data"]?[key]?.GetValue<string>();
            if (raw is null)
            {
                return optional ? null : throw new ContainerConfigException($"env {name}: {resource.Resource} \"{objectName}\" has no key \"{key}\"");
            }

            return decode ? Encoding.UTF8.GetString(Convert.FromBase64String(raw)) : raw;
        }

        throw new ContainerConfigException($"env {name}: valueFrom supports fieldRef, configMapKeyRef and secretKeyRef");
    }

    private static string? FieldValue(JsonObject pod, string fieldPath)
    {
        foreach (var map in new[] { "labels", "annotations" })
        {
            var prefix = $"metadata.{map}['";
            if (fieldPath.StartsWith(prefix, StringComparison.Ordinal) && fieldPath.EndsWith("']", StringComparison.Ordinal))
            {
                return pod["metadata"]?[map]?[fieldPath[prefix.Length..^2]]?.GetValue<string>() ?? "";
            }
        }

        return fieldPath switch
        {
            "metadata.name" => ObjectMetadata.Name(pod),
            "metadata.namespace" => ObjectMetadata.Namespace(pod),
            "metadata.uid" => ObjectMetadata.Uid(pod),
            "spec.nodeName" => pod["spec"]?["nodeName"]?.GetValue<string>() ?? PodStatusModel.NodeName,
            "spec.serviceAccountName" => pod["spec"]?["serviceAccountName"]?.GetValue<string>() ?? "default",
            "status.podIP" or "status.hostIP" => PodStatusModel.LocalAddress,
            _ => null,
        };
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item?.GetValue<string>() ?? "")] : [];
}
