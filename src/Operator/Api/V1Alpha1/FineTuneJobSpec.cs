using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>What to fine-tune, on which data, how, and where to put the result: the contract's training sections plus how the trainer pod is scheduled.</summary>
public sealed class FineTuneJobSpec : TrainingSpec
{
    [JsonPropertyName("resources")]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("nodeSelector")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("tolerations")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [JsonPropertyName("affinity")]
    public V1Affinity? Affinity { get; set; }

    [JsonPropertyName("priorityClassName")]
    public string? PriorityClassName { get; set; }

    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; set; }

    [JsonPropertyName("imagePullSecrets")]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    /// <summary>Trainer image override; empty means the operator's configured default.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    [JsonPropertyName("backoffLimit")]
    [Bounds(0, 100)]
    public int? BackoffLimit { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    [Bounds(1)]
    public long? ActiveDeadlineSeconds { get; set; }

    /// <summary>Serve the output with KServe once the job succeeds; absent, nothing is served.</summary>
    [JsonPropertyName("serving")]
    public ServingSpec? Serving { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Bounds(0)]
    public int? TtlSecondsAfterFinished { get; set; }
}
