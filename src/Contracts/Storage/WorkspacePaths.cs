using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>
/// Where the operator placed each location inside the pod (job.json's workspace section), and the user-facing URI of
/// the checkpoints. The trainer uses these as given and derives none of them; outside a pod there is none.
/// </summary>
public sealed record WorkspacePaths
{
    [JsonPropertyName("modelPath")]
    public string? ModelPath { get; init; }

    [JsonPropertyName("datasetPath")]
    public string? DatasetPath { get; init; }

    [JsonPropertyName("validationPath")]
    public string? ValidationPath { get; init; }

    [JsonPropertyName("checkpointsPath")]
    public string? CheckpointsPath { get; init; }

    [JsonPropertyName("outputPath")]
    public string? OutputPath { get; init; }

    /// <summary>The checkpoints' location as the user knows it (pvc://CLAIM/OUTPUT-checkpoints), for status.checkpoint.</summary>
    [JsonPropertyName("checkpointsUri")]
    public string? CheckpointsUri { get; init; }
}
