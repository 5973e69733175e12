using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>
/// The training sections of a FineTuneJob's spec, the part the trainer reads. The operator's FineTuneJobSpec derives
/// from it and adds the scheduling fields (<see cref="ClusterFieldNames"/>), so each training field is declared once.
/// </summary>
public class TrainingSpec : IContractObject
{
    /// <summary>The spec fields only the operator reads (pod scheduling and Job settings); the trainer skips them in a manifest.</summary>
    public static IReadOnlyList<string> ClusterFieldNames { get; } =
    [
        "resources", "nodeSelector", "tolerations", "affinity", "priorityClassName", "serviceAccountName",
        "imagePullSecrets", "env", "envFrom", "image", "suspend", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished",
        "terminationGracePeriodSeconds", "serving",
    ];

    /// <summary>The pre-trained base model.</summary>
    [JsonPropertyName("model")]
    [RequiredField]
    public ModelSource Model { get; set; } = new();

    [JsonPropertyName("task")]
    [RequiredField]
    [OneOf(typeof(FineTuneTask))]
    public string Task { get; set; } = "";

    [JsonPropertyName("dataset")]
    [RequiredField]
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
    [RequiredField]
    public OutputSpec Output { get; set; } = new();
}
