using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>What the operator observed; written through the status subresource only.</summary>
public sealed class FineTuneJobStatus
{
    /// <summary>One of <see cref="FineTuneJobPhase"/>.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTime? CompletionTime { get; set; }

    /// <summary>Trainer pod restarts that counted against the backoff limit.</summary>
    [JsonPropertyName("restarts")]
    public int? Restarts { get; set; }

    [JsonPropertyName("progress")]
    public TrainingProgress? Progress { get; set; }

    [JsonPropertyName("metrics")]
    public TrainingMetrics? Metrics { get; set; }

    [JsonPropertyName("checkpoint")]
    public CheckpointStatus? Checkpoint { get; set; }

    [JsonPropertyName("output")]
    public OutputStatus? Output { get; set; }

    /// <summary>The InferenceService of spec.serving, once the job succeeded.</summary>
    [JsonPropertyName("serving")]
    public ServingStatus? Serving { get; set; }

    [JsonPropertyName("trials")]
    public IList<TrialStatus>? Trials { get; set; }

    /// <summary>The name of the best finished trial so far.</summary>
    [JsonPropertyName("bestTrial")]
    public string? BestTrial { get; set; }
}
