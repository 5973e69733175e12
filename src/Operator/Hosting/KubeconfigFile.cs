using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// Reads a kubeconfig file with a deserializer that knows only the kubeconfig types. The client's own loader goes
/// through KubernetesYaml, whose type map loads every one of the client's ~5,900 model types: about 20 MB of runtime
/// type data that an operator never uses (bench/operator).
/// </summary>
public static class KubeconfigFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public static K8SConfiguration Read(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        }

        K8SConfiguration? configuration;
        try
        {
            configuration = Deserializer.Deserialize<K8SConfiguration?>(File.ReadAllText(file.FullName));
        }
        catch (YamlException error)
        {
            throw new KubeConfigException($"kubeconfig {file.FullName}, line {error.Start.Line}, column {error.Start.Column}: {error.InnerException?.Message ?? error.Message}");
        }

        configuration = configuration ?? throw new KubeConfigException($"kubeconfig {file.FullName} is empty");

        // Relative certificate and key paths are relative to the kubeconfig's folder, as kubectl reads them.
        configuration.FileName = file.FullName;
        return configuration;
    }
}
