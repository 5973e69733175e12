using System.Text.Json;
using k8s;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>The client's own serializer options (converters for dates, quantities, int-or-string), for packing cached objects exactly as the API server sends them.</summary>
public static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Shared { get; } = Capture();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(options => captured = options);
        return captured ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options");
    }
}
