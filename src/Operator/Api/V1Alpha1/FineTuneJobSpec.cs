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

    /// <summary>Environment variables of the trainer container (core/v1 EnvVar: value, or valueFrom a Secret or ConfigMap key); names the operator sets are refused.</summary>
    [JsonPropertyName("env")]
    public IList<V1EnvVar>? Env { get; set; }

    /// <summary>Secrets and ConfigMaps whose keys become environment variables of the trainer container (core/v1 EnvFromSource).</summary>
    [JsonPropertyName("envFrom")]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

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

    /// <summary>Seconds a trainer pod gets between SIGTERM and kill to finish its step and checkpoint; absent means the operator's default.</summary>
    [JsonPropertyName("terminationGracePeriodSeconds")]
    [Bounds(1, 3600)]
    public long? TerminationGracePeriodSeconds { get; set; }

    /// <summary>Serve the output with KServe once the job succeeds; absent, nothing is served.</summary>
    [JsonPropertyName("serving")]
    public ServingSpec? Serving { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Bounds(0)]
    public int? TtlSecondsAfterFinished { get; set; }
}
