using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// The kubelet's volume set-up for a process pod (<see cref="Jobs.WorkloadOptions.HostVolumes"/>): configMap and secret
/// volumes are written to <c>POD_DIR/volumes/NAME</c>, emptyDir volumes are folders there (or the host folder itself when it exists, such as /tmp), and persistentVolumeClaim
/// volumes are folders <c>CLAIMS_DIR/CLAIM</c>. A process cannot see mounts, so every argument, environment value and
/// JSON configMap file value naming a path under a mount path is rewritten to the host folder.
/// </summary>
public sealed class HostVolumes
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<KeyValuePair<string, string>> mounts;

    private HostVolumes(List<KeyValuePair<string, string>> mounts) => this.mounts = mounts;

    /// <summary>Container mount path to host path, longest first (a nested mount wins over its parent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MountPaths => mounts;

    /// <summary>Writes the container's volumes under <paramref name="podDirectory"/> and <paramref name="claimsDirectory"/>.</summary>
    public static HostVolumes Prepare(ClusterStore store, JsonObject pod, JsonObject container, string podDirectory, string claimsDirectory)
    {
        var jsonFiles = new List<string>();
        // Scratch space at a folder the host already has (/tmp): the process writes there as it is, host files stay visible.
        var bindings = Bind(store, pod, container, podDirectory, claimsDirectory, jsonFiles, skipEmptyDir: Directory.Exists);
        var result = new HostVolumes([.. bindings.Select(binding => new KeyValuePair<string, string>(binding.MountPath, binding.HostPath)).OrderByDescending(pair => pair.Key.Length)]);
        foreach (var file in jsonFiles)
        {
            result.MapJsonFile(file);
        }

        return result;
    }

    /// <summary>
    /// For a container runtime: writes the container's volumes like <see cref="Prepare"/> and returns them as bind
    /// mounts, files left as the pod wrote them (the container sees its own mount paths). Folders it creates for
    /// emptyDir, claims and subPaths are world-writable, as a kubelet's emptyDir and a local-path provisioner's are.
    /// </summary>
    public static IReadOnlyList<VolumeBinding> PrepareForContainer(ClusterStore store, JsonObject pod, JsonObject container, string podDirectory, string claimsDirectory) =>
        Bind(store, pod, container, podDirectory, claimsDirectory, [], skipEmptyDir: _ => false, worldWritable: true);

    private static List<VolumeBinding> Bind(ClusterStore store, JsonObject pod, JsonObject container, string podDirectory, string claimsDirectory, List<string> jsonFiles, Func<string, bool> skipEmptyDir, bool worldWritable = false)
    {
        var ns = ObjectMetadata.Namespace(pod);
        var volumes = (pod["spec"]?["volumes"] as JsonArray)?.OfType<JsonObject>()
            .Where(volume => volume["name"] is not null)
            .ToDictionary(volume => volume["name"]!.GetValue<string>(), StringComparer.Ordinal) ?? [];
        var bindings = new List<VolumeBinding>();
        foreach (var mount in (container["volumeMounts"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = mount["name"]?.GetValue<string>() ?? throw new ContainerConfigException("volumeMounts: an entry has no name");
            var mountPath = mount["mountPath"]?.GetValue<string>() ?? throw new ContainerConfigException($"volumeMounts {name}: no mountPath");
            if (!volumes.TryGetValue(name, out var volume))
            {
                throw new ContainerConfigException($"volumeMounts {name}: the pod has no volume named \"{name}\"");
            }

            if (volume["emptyDir"] is not null && skipEmptyDir(mountPath))
            {
                continue;
            }

            var root = VolumeRoot(store, ns, name, volume, podDirectory, claimsDirectory, jsonFiles);
            if (root is null)
            {
                continue;
            }

            var subPath = mount["subPath"]?.GetValue<string>() ?? string.Empty;
            if (Path.IsPathRooted(subPath) || subPath.Split('/').Contains(".."))
            {
                throw new ContainerConfigException($"volumeMounts {name}: subPath must be relative without '..', was '{subPath}'");
            }

            var hostPath = subPath.Length == 0 ? root : Path.Combine(root, subPath);
            if (!File.Exists(hostPath))
            {
                Directory.CreateDirectory(hostPath);
            }

            var writableVolume = volume["emptyDir"] is not null || volume["persistentVolumeClaim"] is not null;
            if (worldWritable && writableVolume && Directory.Exists(hostPath))
            {
                MakeWorldWritable(root, hostPath);
            }

            // configMap and secret volumes are read-only in Kubernetes whatever the mount says; a claim may be too.
            var readOnly = mount["readOnly"]?.GetValue<bool>() == true || !writableVolume && volume["hostPath"] is null
                || volume["persistentVolumeClaim"]?["readOnly"]?.GetValue<bool>() == true;
            bindings.Add(new VolumeBinding(mountPath.TrimEnd('/'), hostPath, readOnly));
        }

        return bindings;
    }

    // The volume's folder and the subPath folders below it: rwx for everyone, so any runAsUser can write (not the files already there).
    private static void MakeWorldWritable(string root, string hostPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode all = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        for (var folder = Path.TrimEndingDirectorySeparator(hostPath); ; folder = Path.GetDirectoryName(folder)!)
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | all);
            if (folder.Length <= root.Length)
            {
                return;
            }
        }
    }

    /// <summary>A value naming a path under a mount, turned into the host path; any other value unchanged.</summary>
    public string MapPath(string value)
    {
        foreach (var (mountPath, hostPath) in mounts)
        {
            if (value == mountPath)
            {
                return hostPath;
            }

            if (value.StartsWith(mountPath + "/", StringComparison.Ordinal))
            {
                return Path.Combine(hostPath, value[(mountPath.Length + 1)..]);
            }
        }

        return value;
    }

    /// <summary>The launch with every argument and environment value naming a mounted path mapped to the host.</summary>
    public ContainerLaunch MapLaunch(ContainerLaunch launch) => launch with
    {
        Arguments = [.. launch.Arguments.Select(MapPath)],
        Environment = launch.Environment.ToDictionary(pair => pair.Key, pair => MapPath(pair.Value), StringComparer.Ordinal),
    };

    // The host folder of a volume, written or created; null for volumes another part handles (projected tokens) or leaves alone.
    private static string? VolumeRoot(ClusterStore store, string ns, string name, JsonObject volume, string podDirectory, string claimsDirectory, List<string> jsonFiles)
    {
        var folder = Path.Combine(podDirectory, Auth.ProjectedTokenWriter.VolumesFolder, name);
        if (volume["persistentVolumeClaim"]?["claimName"]?.GetValue<string>() is { } claim)
        {
            var claimFolder = Path.Combine(claimsDirectory, claim);
            Directory.CreateDirectory(claimFolder);
            return claimFolder;
        }

        if (volume["emptyDir"] is not null)
        {
            Directory.CreateDirectory(folder);
            return folder;
        }

        if (volume["hostPath"]?["path"]?.GetValue<string>() is { } hostPath)
        {
            return hostPath;
        }

        foreach (var (kind, resource, nameField, decode) in new[] { ("configMap", GroupVersionResource.ConfigMaps, "name", false), ("secret", GroupVersionResource.Secrets, "secretName", true) })
        {
            if (volume[kind] is not JsonObject source)
            {
                continue;
            }

            var objectName = source[nameField]?.GetValue<string>() ?? string.Empty;
            var optional = source["optional"]?.GetValue<bool>() ?? false;
            var holder = store.TryGet(resource, ns, objectName);
            if (holder is null && !optional)
            {
                throw new ContainerConfigException($"volume {name}: {resource.Resource} \"{objectName}\" not found");
            }

            Directory.CreateDirectory(folder);
            WriteKeys(holder, source, decode, folder, jsonFiles);
            return folder;
        }

        return null;
    }

    private static void WriteKeys(JsonObject? holder, JsonObject source, bool decode, string folder, List<string> jsonFiles)
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in holder?["data"] as JsonObject ?? [])
        {
            var text = value?.GetValue<string>() ?? string.Empty;
            contents[key] = decode ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
        }

        foreach (var (key, value) in holder?["binaryData"] as JsonObject ?? [])
        {
            contents[key] = Convert.FromBase64String(value?.GetValue<string>() ?? string.Empty);
        }

        var items = (source["items"] as JsonArray)?.OfType<JsonObject>()
            .Select(item => (Key: item["key"]?.GetValue<string>() ?? string.Empty, Path: item["path"]?.GetValue<string>() ?? string.Empty))
            .ToList();
        foreach (var (key, path) in items ?? [.. contents.Keys.Select(key => (key, key))])
        {
            if (!contents.TryGetValue(key, out var bytes) || Path.IsPathRooted(path) || path.Split('/').Contains(".."))
            {
                throw new ContainerConfigException($"volume item \"{key}\" (path \"{path}\") is missing or not a relative path");
            }

            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                jsonFiles.Add(file);
            }
        }
    }

    // A config file the process reads names container paths too (a trainer's job.json): map its string values the same way.
    private void MapJsonFile(string file)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException)
        {
            return;
        }

        if (document is not null && MapStrings(document))
        {
            File.WriteAllText(file, document.ToJsonString(Indented));
        }
    }

    // Maps string values in place; true when any changed.
    private bool MapStrings(JsonNode node)
    {
        var changed = false;
        if (node is JsonObject json)
        {
            foreach (var key in json.Select(pair => pair.Key).ToList())
            {
                changed |= Replace(json[key], replacement => json[key] = replacement);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var index = i;
                changed |= Replace(array[i], replacement => array[index] = replacement);
            }
        }

        return changed;
    }

    private bool Replace(JsonNode? child, Action<JsonNode> set)
    {
        if (child is JsonValue value && value.TryGetValue<string>(out var text))
        {
            var mapped = MapPath(text);
            if (mapped == text)
            {
                return false;
            }

            set(JsonValue.Create(mapped));
            return true;
        }

        return child is not null && MapStrings(child);
    }
}
