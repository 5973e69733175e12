using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>What to fine-tune, on which data, how, and where to put the result.</summary>
public sealed class FineTuneJobSpec
{
    /// <summary>The pre-trained base model (required).</summary>
    [JsonPropertyName("model")]
    public ModelSource Model { get; set; } = new();

    /// <summary>One of <see cref="FineTuneTask"/> (required).</summary>
    [JsonPropertyName("task")]
    public string Task { get; set; } = "";

    [JsonPropertyName("dataset")]
    public DatasetSpec Dataset { get; set; } = new();

    [JsonPropertyName("method")]
    public MethodSpec? Method { get; set; }

    [JsonPropertyName("hyperparameters")]
    public Hyperparameters? Hyperparameters { get; set; }

    [JsonPropertyName("search")]
    public SearchSpec? Search { get; set; }

    [JsonPropertyName("earlyStopping")]
    public EarlyStoppingSpec? EarlyStopping { get; set; }

    [JsonPropertyName("checkpoint")]
    public CheckpointSpec? Checkpoint { get; set; }

    [JsonPropertyName("output")]
    public OutputSpec Output { get; set; } = new();

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
    public int? BackoffLimit { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    public long? ActiveDeadlineSeconds { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    public int? TtlSecondsAfterFinished { get; set; }
}
