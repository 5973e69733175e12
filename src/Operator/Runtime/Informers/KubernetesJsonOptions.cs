using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// The client's own serializer options (converters for dates, quantities, int-or-string), resolving types from generated
/// code only: ours (<see cref="ApiJsonContext"/>), then the client's. The client's reflection fallback is dropped, so a
/// type that the native operator could not serialize fails in every build, tests included, instead of only in the image.
/// </summary>
public static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Shared { get; } = Capture();

    /// <summary>Installs the generated resolvers; the operator's module initializer calls it before any serialization.</summary>
    public static void Install() => _ = Shared;

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(options => captured = options);
        if (captured is null)
        {
            throw new InvalidOperationException("KubernetesJson did not hand out its serializer options");
        }

        if (captured.IsReadOnly)
        {
            // Options lock at their first use: something serialized through the client before the operator was loaded.
            throw new InvalidOperationException("KubernetesJson's options were used before KubeTune.Operator installed its generated resolvers; call KubernetesJsonOptions.Install() first");
        }

        captured.TypeInfoResolver = JsonTypeInfoResolver.Combine(ApiJsonContext.Default, SourceGenerationContext.Default);
        // Both contexts write enums as strings themselves; the client's converter factory would make its converters at run time.
        foreach (var factory in captured.Converters.OfType<JsonStringEnumConverter>().ToList())
        {
            captured.Converters.Remove(factory);
        }

        return captured;
    }
}
