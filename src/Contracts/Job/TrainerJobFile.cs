using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>
/// job.json, the operator's ConfigMap for the trainer: the job's identity, its training spec with every default
/// written out, and where the operator placed each location in the pod.
/// </summary>
public sealed class TrainerJobFile
{
    public const string ApiVersionValue = "kubetune.io/v1alpha1";
    public const string KindValue = "TrainerConfig";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiVersionValue;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindValue;

    [JsonPropertyName("job")]
    public JobIdentity Job { get; set; } = new("", "");

    [JsonPropertyName("spec")]
    public TrainingSpec Spec { get; set; } = new();

    [JsonPropertyName("workspace")]
    public WorkspacePaths Workspace { get; set; } = new();

    /// <summary>
    /// A search rung's end (asha): train to this step, checkpoint and evaluate, then finish; the schedule still spans
    /// the whole run, so a promoted trial resumes from the checkpoint as if it had never stopped. Absent: train to the end.
    /// </summary>
    [JsonPropertyName("stopAtStep")]
    public long? StopAtStep { get; set; }
}
