using k8s;
using k8s.Models;

namespace KubeTune.Operator.Api;

/// <summary>
/// A CustomResourceDefinition manifest read as kubectl reads it (<see cref="YamlJson"/>) into the client's type through
/// generated JSON: KubernetesYaml's reflection would type schema defaults as dictionaries that generated JSON cannot write.
/// </summary>
public static class CustomResourceDefinitionFile
{
    public static async Task<V1CustomResourceDefinition> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var json = YamlJson.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path)
            ?? throw new FormatException($"{path}: no CustomResourceDefinition in it");
        return KubernetesJson.Deserialize<V1CustomResourceDefinition>(json.ToJsonString());
    }
}
