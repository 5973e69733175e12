using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>spec.serving: once the job succeeds, serve its output with a KServe InferenceService of the same name.</summary>
public sealed class ServingSpec : IContractObject
{
    /// <summary>A ServingRuntime to use; absent, KServe picks the one that serves the huggingface model format.</summary>
    [JsonPropertyName("runtime")]
    public string? Runtime { get; set; }

    [JsonPropertyName("minReplicas")]
    [Bounds(0, 1000)]
    public int? MinReplicas { get; set; }

    [JsonPropertyName("maxReplicas")]
    [Bounds(1, 1000)]
    public int? MaxReplicas { get; set; }

    /// <summary>What one predictor pod requests (and is limited to); absent, the runtime's defaults.</summary>
    [JsonPropertyName("resources")]
    public ResourcesSpec? Resources { get; set; }
}
